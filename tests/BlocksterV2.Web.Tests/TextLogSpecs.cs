using Akka.Actor;
using Akka.Event;
using BlocksterV2.Web.Logging;
using BlocksterV2.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BlocksterV2.Web.Tests;

/// <summary>Without <c>Bux:Logging:Format</c> the console shows text, Akka's lines as Akka writes them.</summary>
public sealed class TextLogSpecs(TextLogNodeFixture node) : IClassFixture<TextLogNodeFixture>
{
    private sealed class Talker : ReceiveActor
    {
        public Talker() => Receive<string>(token => Context.GetLogger().Info("spec line {0}", token));
    }

    [Fact]
    public async Task Text_is_the_default_and_an_actor_line_keeps_akka_level_time_thread_and_path()
    {
        var system = node.Factory.Services.GetRequiredService<ActorSystem>();
        var token = Guid.NewGuid().ToString("N");
        var talker = system.ActorOf(Props.Create(() => new Talker()), $"talker-{token}");

        talker.Tell(token);
        var line = await node.Console.Containing(token, TimeSpan.FromSeconds(10));

        Assert.Equal("simple", node.Console.FormatterName);
        Assert.StartsWith("info: Akka.Actor.ActorSystem[0]", line);
        Assert.Contains("[INFO][", line);
        Assert.Contains($"[{talker.Path.ToStringWithAddress(Akka.Cluster.Cluster.Get(system).SelfAddress)}] spec line {token}", line);
    }

    [Theory]
    [InlineData(null, LogFormat.Text)]
    [InlineData("", LogFormat.Text)]
    [InlineData("text", LogFormat.Text)]
    [InlineData(" JSON ", LogFormat.Json)]
    public void The_format_setting_reads_text_or_json(string? value, LogFormat expected) =>
        Assert.Equal(expected, ConsoleLogFormat.Parse(value));

    [Fact]
    public void An_unknown_format_refuses_to_start_naming_the_setting_and_its_values()
    {
        var refused = Assert.Throws<StartupRefusedException>(() => ConsoleLogFormat.Parse("xml"));

        Assert.Equal("Refusing to start: Bux:Logging:Format is 'xml'; set text (the default) or json.", refused.Message);
    }

    [Theory]
    [InlineData("akka.tcp://blockster@127.0.0.1:4053/system/sharding/user-bux/12/alice", "user_bux_points|alice")]
    [InlineData("akka://blockster/system/sharding/post-bux/3/post%3A7", "post_bux_points|post:7")]
    [InlineData("akka://blockster/system/sharding/user-bux", null)]
    [InlineData("akka://blockster/system/sharding/user-bux/12", null)]
    [InlineData("akka://blockster/system/sharding/user-buxCoordinator/singleton/coordinator", null)]
    [InlineData("akka://blockster/user/talker", null)]
    [InlineData("remoting (akka://blockster)", null)]
    public void Only_a_sharded_entity_source_names_a_persistence_id(string source, string? persistenceId) =>
        Assert.Equal(persistenceId, AkkaLogFields.PersistenceIdOf(source));
}
