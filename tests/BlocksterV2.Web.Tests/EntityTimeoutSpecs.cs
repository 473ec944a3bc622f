using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Akka.Actor;
using Akka.Hosting;
using BlocksterV2.Cluster.Sharding;
using BlocksterV2.Domain.Users;
using BlocksterV2.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static BlocksterV2.Web.Tests.Support.Http;

namespace BlocksterV2.Web.Tests;

/// <summary>The user shard region is replaced by an actor that never answers, with a 200 ms ask timeout.</summary>
public sealed class SilentUserRegionFixture : BuxWebFixture
{
    public static readonly TimeSpan AskTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>Every message the silent region received.</summary>
    public ConcurrentQueue<object> Received { get; } = new();

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Bux:AskTimeout", "00:00:00.200");
        builder.ConfigureTestServices(services => services.AddSingleton<IRequiredActor<UserBuxRegion>>(
            sp => new SilentRegion(sp.GetRequiredService<ActorSystem>(), Received)));
    }

    private sealed class SilentRegion(ActorSystem system, ConcurrentQueue<object> received) : IRequiredActor<UserBuxRegion>
    {
        private readonly Lazy<IActorRef> _actor = new(() => system.ActorOf(Props.Create(() => new Silent(received)), "silent-user-region"));

        public IActorRef ActorRef => _actor.Value;

        public Task<IActorRef> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(_actor.Value);
    }

    private sealed class Silent : ReceiveActor
    {
        public Silent(ConcurrentQueue<object> received) => ReceiveAny(received.Enqueue);
    }
}

public sealed class EntityTimeoutSpecs(SilentUserRegionFixture node) : IClassFixture<SilentUserRegionFixture>
{
    private readonly HttpClient _client = node.Client;

    [Fact]
    public async Task Entity_that_does_not_answer_within_the_ask_timeout_is_a_504_problem()
    {
        var userId = NewId("user");
        var clock = Stopwatch.StartNew();

        await _client.GetAsync($"/api/users/{userId}", TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.GatewayTimeout, "EntityTimeout", null, "did not answer within 0.2s", "retry");

        clock.Stop();
        Assert.InRange(clock.Elapsed, SilentUserRegionFixture.AskTimeout - TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(4));
        Assert.Contains(node.Received, m => m is GetUser g && g.UserId == userId);
        Assert.Contains(node.Logs.Lines, l => l.StartsWith("Warning:", StringComparison.Ordinal) && l.Contains($"GetUser to user {userId} got no answer within 0.2s"));
    }

    [Fact]
    public async Task Write_that_times_out_is_a_504_that_suggests_retrying_with_the_same_key()
    {
        var userId = NewId("user");

        await _client.Credit(userId, 5, key: NewId("key"))
            .AssertProblem(HttpStatusCode.GatewayTimeout, "EntityTimeout", null, "may still complete", "same idempotency key");

        Assert.Contains(node.Received, m => m is CreditUser c && c.UserId == userId && c.Amount == 5);
    }

    [Fact]
    public async Task A_shard_region_that_does_not_answer_makes_the_shards_view_a_504_problem_naming_it_and_a_warning()
    {
        await _client.GetAsync("/api/cluster/shards", TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.GatewayTimeout, "RegionTimeout", null, "user-bux shard region did not answer within 0.2s", "retry");

        Assert.Contains(node.Received, m => m is Akka.Cluster.Sharding.GetShardRegionState);
        Assert.Contains(node.Logs.Lines, l => l.StartsWith("Warning:", StringComparison.Ordinal) && l.Contains("user-bux shard region did not answer"));
    }
}
