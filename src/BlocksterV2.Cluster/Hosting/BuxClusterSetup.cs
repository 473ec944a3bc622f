using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Hosting;
using Akka.Persistence.Hosting;
using Akka.Remote.Hosting;
using BlocksterV2.Cluster.Entities;
using BlocksterV2.Cluster.Persistence;
using BlocksterV2.Cluster.Rewards;
using BlocksterV2.Cluster.Serialization;
using BlocksterV2.Cluster.Sharding;
using BlocksterV2.Domain;
using BlocksterV2.Domain.Tables;

namespace BlocksterV2.Cluster.Hosting;

/// <summary>Wires one BUX node: remoting, a cluster, the serializer, persistence and the two shard regions.</summary>
public static class BuxClusterSetup
{
    public const string Role = "bux";

    /// <param name="connectionString">The SQLite database prepared by <see cref="SqlitePersistence.Prepare"/>; null for RAM-only.</param>
    public static AkkaConfigurationBuilder WithBuxStore(
        this AkkaConfigurationBuilder builder, BuxNodeOptions options, string? connectionString, NodeReadiness readiness)
    {
        var settings = new EntitySettings(options.SnapshotEvery, options.RewardRetryInterval);
        IFaultInjection faults = options.Faults.KillAfterRewardReserved ? new KillAfterRewardReserved() : NoFaults.Instance;
        var shardOptions = new ShardOptions
        {
            Role = Role,
            StateStoreMode = StateStoreMode.DData,
            RememberEntities = false,
            PassivateIdleEntityAfter = options.PassivateIdleAfter,
        };

        builder
            .WithRemoting(options.RemotingHostname, options.RemotingPort)
            .WithClustering(new ClusterOptions { Roles = [Role] })
            .WithCustomSerializer("bux", [typeof(IBuxMessage)], system => new BuxSerializer(system))
            .AddHocon(CompactDequeMailbox.Hocon, HoconAddMode.Prepend);

        if (connectionString is null)
            builder.WithInMemoryJournal().WithInMemorySnapshotStore();
        else
            builder.WithSqlitePersistence(connectionString, options.Journal);

        return builder
            .WithShardRegion<UserBuxRegion>("user-bux",
                userId => UserBuxActorProducer.Props(userId, settings),
                new UserMessageExtractor(options.MaxShards), shardOptions)
            .WithShardRegion<PostBuxRegion>("post-bux",
                (_, registry, _) =>
                {
                    var users = registry.Get<UserBuxRegion>();
                    return postId => PostBuxActorProducer.Props(postId, users, settings, faults);
                },
                new PostMessageExtractor(options.MaxShards), shardOptions)
            .AddStartup((system, registry) => StartNode(system, registry, options, readiness));
    }

    private static void StartNode(ActorSystem system, IActorRegistry registry, BuxNodeOptions options, NodeReadiness readiness)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var log = Logging.GetLogger(system, typeof(BuxClusterSetup));
        var posts = registry.Get<PostBuxRegion>();
        readiness.RegionsStarted();

        cluster.RegisterOnMemberUp(() =>
        {
            readiness.MemberUp();
            log.Info("Member {0} is Up; node {1} is ready ({2})", cluster.SelfAddress, options.NodeName ?? "nonode@nohost",
                options.Storage == StorageMode.DiscCopies ? "disc copies" : "RAM only");
            if (options.Storage == StorageMode.DiscCopies)
            {
                PendingRewardResumer.ResumeAsync(system, posts).ContinueWith(
                    t => log.Error(t.Exception, "Could not look for rewarded reads cut short by the last shutdown; restart the node to retry"),
                    TaskContinuationOptions.OnlyOnFaulted);
            }
        });
        cluster.RegisterOnMemberRemoved(readiness.Leaving);
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "bux-not-ready", () =>
        {
            readiness.Leaving();
            return Task.FromResult(Akka.Done.Instance);
        });

        // One node for now: it forms its own cluster. Discovery-based formation replaces this later.
        cluster.Join(cluster.SelfAddress);
    }
}
