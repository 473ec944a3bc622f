using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using BlocksterV2.Cluster.Hosting;
using BlocksterV2.Cluster.Leaderboard;
using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Cluster.Sharding;
using BlocksterV2.Domain;
using BlocksterV2.Domain.Posts;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.Tests;

/// <summary>
/// One BUX node built exactly as production builds it (<see cref="BuxClusterSetup.WithBuxStore"/>), on a
/// single-node cluster. Every message goes through the shard regions. Used as the base of actor specs and,
/// created by hand, as the first and second life of a node in the restore specs.
/// </summary>
public class BuxNodeKit : Akka.Hosting.TestKit.TestKit
{
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(10);

    public BuxNodeKit(BuxNodeOptions options, string? connectionString)
        : base(actorSystemName: "bux-spec", startupTimeout: TimeSpan.FromSeconds(30))
    {
        Options = options;
        ConnectionString = connectionString;
    }

    private LeaderboardView? _leaderboard;

    public BuxNodeOptions Options { get; }

    public string? ConnectionString { get; }

    public NodeReadiness Readiness { get; } = new();

    public LeaderboardView Leaderboard => _leaderboard ??= new LeaderboardView(Options.Leaderboard.Size);

    public NodeTables Tables => NodeTables.For(Sys);

    public IActorRef Users => ActorRegistry.Get<UserBuxRegion>();

    public IActorRef Posts => ActorRegistry.Get<PostBuxRegion>();

    /// <summary>Options for a node on loopback with a free port; everything else as configured by default.</summary>
    public static BuxNodeOptions LocalOptions(string? nodeName = null, int snapshotEvery = 100) => new()
    {
        NodeName = nodeName,
        RemotingHostname = "127.0.0.1",
        RemotingPort = 0,
        SnapshotEvery = snapshotEvery,
        RewardRetryInterval = TimeSpan.FromMilliseconds(500),
    };

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.WithBuxStore(Options, ConnectionString, Readiness, Leaderboard);

    protected override async Task BeforeTestStart()
    {
        await base.BeforeTestStart();
        await AwaitAssertAsync(() =>
        {
            Assert.Equal(MemberStatus.Up, Akka.Cluster.Cluster.Get(Sys).SelfMember.Status);
            Assert.True(Readiness.IsReady, Readiness.Status);
        }, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(50));
    }

    /// <summary>Sends through the user shard region and expects a reply of type <typeparamref name="T"/>.</summary>
    public Task<T> AskUser<T>(IUserCommand command) => Send<T>(Users, command);

    /// <summary>Sends through the post shard region and expects a reply of type <typeparamref name="T"/>.</summary>
    public Task<T> AskPost<T>(IPostCommand command) => Send<T>(Posts, command);

    public async Task<Rejection> RejectedByUser(IUserCommand command, RejectionCode code)
    {
        var rejection = await AskUser<Rejection>(command);
        Assert.Equal(code, rejection.Code);
        return rejection;
    }

    public async Task<Rejection> RejectedByPost(IPostCommand command, RejectionCode code)
    {
        var rejection = await AskPost<Rejection>(command);
        Assert.Equal(code, rejection.Code);
        return rejection;
    }

    private async Task<T> Send<T>(IActorRef region, object message)
    {
        region.Tell(message, TestActor);
        var reply = await ExpectMsgAsync<object>(ReplyTimeout);
        return reply is T typed
            ? typed
            : throw new Xunit.Sdk.XunitException($"expected a {typeof(T).Name} in reply to {message}, got {reply}");
    }
}
