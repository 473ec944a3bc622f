using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Singleton;
using Akka.Event;
using Akka.Hosting;
using Akka.Persistence.Hosting;
using Akka.Remote.Hosting;
using BlocksterV2.Cluster.Entities;
using BlocksterV2.Cluster.Formation;
using BlocksterV2.Cluster.Inspection;
using BlocksterV2.Cluster.Leaderboard;
using BlocksterV2.Cluster.Persistence;
using BlocksterV2.Cluster.Rewards;
using BlocksterV2.Cluster.Serialization;
using BlocksterV2.Cluster.Sharding;
using BlocksterV2.Domain;
using BlocksterV2.Domain.Tables;

namespace BlocksterV2.Cluster.Hosting;

/// <summary>
/// Wires one BUX node: remoting, the cluster and how it forms, the serializer, persistence, and, once this
/// member is Up, the two shard regions and the ready signal; and the pbm command host.
/// </summary>
public static class BuxClusterSetup
{
    public const string Role = "bux";

    /// <param name="connectionString">The SQLite database prepared by <see cref="SqlitePersistence.Prepare"/>; null for RAM-only.</param>
    public static AkkaConfigurationBuilder WithBuxStore(
        this AkkaConfigurationBuilder builder, BuxNodeOptions options, string? connectionString, NodeReadiness readiness,
        LeaderboardView leaderboard)
    {
        builder
            .WithRemoting(new RemoteOptions
            {
                HostName = options.RemotingHostname,
                PublicHostName = options.PublicHostname,
                Port = options.RemotingPort,
            })
            .WithClustering(new ClusterOptions { Roles = [Role], SplitBrainResolver = new KeepMajorityOption() })
            .WithClusterFormation(options)
            .WithCustomSerializer("bux", [typeof(IBuxMessage)], system => new BuxSerializer(system))
            .AddHocon(CompactDequeMailbox.Hocon, HoconAddMode.Prepend)
            .AddHocon(ClusterSharding.DefaultConfig()
                .WithFallback(Akka.DistributedData.DistributedData.DefaultConfig())
                .WithFallback(ClusterSingleton.DefaultConfig()), HoconAddMode.Append);

        if (connectionString is null)
            builder.WithInMemoryJournal().WithInMemorySnapshotStore();
        else
            builder.WithSqlitePersistence(connectionString, options.Journal);

        return builder.AddStartup((system, registry) => StartNode(system, registry, options, readiness, leaderboard));
    }

    private static void StartNode(
        ActorSystem system, IActorRegistry registry, BuxNodeOptions options, NodeReadiness readiness, LeaderboardView leaderboard)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var log = Logging.GetLogger(system, typeof(BuxClusterSetup));

        cluster.RegisterOnMemberUp(() =>
        {
            readiness.MemberUp();
            BuxShardRegions.StartAsync(system, registry, options).ContinueWith(started =>
            {
                if (started.IsFaulted)
                {
                    log.Error(started.Exception, "Could not start the shard regions, so this node cannot serve; stopping it");
                    CoordinatedShutdown.Get(system).Run(ShardRegionsFailedReason.Instance);
                    return;
                }
                readiness.RegionsStarted();
                log.Info("Member {0} is Up; node {1} is ready ({2})", cluster.SelfAddress, options.NodeName ?? "nonode@nohost",
                    options.Storage == StorageMode.DiscCopies ? "disc copies" : "RAM only");
                if (options.Storage == StorageMode.DiscCopies)
                    ResumePendingRewards(system, registry.Get<PostBuxRegion>(), log);
            });
        });
        cluster.RegisterOnMemberRemoved(readiness.Leaving);
        system.ActorOf(QuorumWatcher.Props(readiness), "bux-quorum-watcher");
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "bux-not-ready", () =>
        {
            readiness.Leaving();
            return Task.FromResult(Akka.Done.Instance);
        });

        PbmHost.Start(system, options.Pbm, PbmCatalog.ForNode(system, options, readiness, leaderboard));
        ClusterFormation.Start(system, options);
    }

    private static void ResumePendingRewards(ActorSystem system, IActorRef posts, ILoggingAdapter log) =>
        PendingRewardResumer.ResumeAsync(system, posts).ContinueWith(
            t => log.Error(t.Exception, "Could not look for rewarded reads cut short by the last shutdown; restart the node to retry"),
            TaskContinuationOptions.OnlyOnFaulted);
}
