using System.Text.Json;
using Akka.Actor;
using Akka.Event;
using BlocksterV2.Cluster.Entities;
using BlocksterV2.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BlocksterV2.Web.Tests;

/// <summary>With <c>Bux:Logging:Format=json</c> every console line is one JSON object, and Akka's carry their fields.</summary>
public sealed class JsonLogSpecs(JsonLogNodeFixture node) : IClassFixture<JsonLogNodeFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private sealed class Talker : ReceiveActor
    {
        public Talker() => Receive<string>(token => Context.GetLogger().Info("spec line {Token}", token));
    }

    private ActorSystem System => node.Factory.Services.GetRequiredService<ActorSystem>();

    [Fact]
    public async Task An_actor_log_line_is_one_json_object_with_its_source_and_the_node_address()
    {
        var token = Guid.NewGuid().ToString("N");
        var talker = System.ActorOf(Props.Create(() => new Talker()), $"talker-{token}");

        talker.Tell(token);
        var line = await node.Console.Containing(token, Deadline);

        Assert.Equal("json", node.Console.FormatterName);
        Assert.Equal(line.TrimEnd('\r', '\n'), line.Trim().Split('\n').Single().TrimEnd('\r'));
        var entry = JsonDocument.Parse(line).RootElement;
        var state = entry.GetProperty("State");
        Assert.Equal("Information", entry.GetProperty("LogLevel").GetString());
        Assert.Equal($"spec line {token}", entry.GetProperty("Message").GetString());
        var self = Akka.Cluster.Cluster.Get(System).SelfAddress;
        Assert.Equal(talker.Path.ToStringWithAddress(self), state.GetProperty("akkaSource").GetString());
        Assert.Equal(self.ToString(), state.GetProperty("akkaAddress").GetString());
        Assert.Equal(token, state.GetProperty("Token").GetString());
        Assert.Equal("spec line {Token}", state.GetProperty("{OriginalFormat}").GetString());
        Assert.False(state.TryGetProperty("persistenceId", out _), "a plain actor has no persistence id");
        Assert.True(DateTime.TryParse(entry.GetProperty("Timestamp").GetString(), out _), "each line carries its time");
    }

    [Fact]
    public async Task A_sharded_entity_log_line_carries_the_entity_persistence_id()
    {
        var token = Guid.NewGuid().ToString("N");
        // the source an entity's own logger gives: its path under the shard region, the id escaped as Akka names the child
        var source = $"{Akka.Cluster.Cluster.Get(System).SelfAddress}/system/sharding/user-bux/7/{Uri.EscapeDataString($"spec:{token}")}";

        System.EventStream.Publish(new Warning(source, typeof(UserBuxActor), $"entity line {token}"));
        var state = JsonDocument.Parse(await node.Console.Containing(token, Deadline)).RootElement.GetProperty("State");

        Assert.Equal(source, state.GetProperty("akkaSource").GetString());
        Assert.Equal(PersistenceIds.User($"spec:{token}"), state.GetProperty("persistenceId").GetString());
        Assert.Equal(typeof(UserBuxActor).FullName, state.GetProperty("akkaLogClass").GetString());
    }

    [Fact]
    public async Task The_node_own_lines_are_json_objects_too()
    {
        var line = await node.Console.Containing("storing in RAM only", Deadline);

        var entry = JsonDocument.Parse(line).RootElement;

        Assert.Equal("BUX node {Node} storing {Storage}", entry.GetProperty("State").GetProperty("{OriginalFormat}").GetString());
    }
}
