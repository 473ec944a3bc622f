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
using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Cluster.Persistence;
using BlocksterV2.Cluster.Replication;
using BlocksterV2.Cluster.Rewards;
using BlocksterV2.Cluster.Serialization;
using BlocksterV2.Cluster.Sharding;
using BlocksterV2.Domain;
using BlocksterV2.Domain.Tables;
using Microsoft.Data.Sqlite;

namespace BlocksterV2.Cluster.Hosting;

/// <summary>
/// Wires one BUX node: remoting, the cluster and how it forms, the serializers, persistence and its replication, and,
/// once this member is Up and its copy has caught up, the two shard regions and the ready signal; and the pbm command host.
/// </summary>
public static class BuxClusterSetup
{
    public const string Role = "bux";

    /// <param name="connectionString">The SQLite database prepared by <see cref="SqlitePersistence.Prepare"/>; null for RAM-only.</param>
    /// <param name="leaderboard">The node's cached leaderboard, kept current once this member is Up.</param>
    public static AkkaConfigurationBuilder WithBuxStore(
        this AkkaConfigurationBuilder builder, BuxNodeOptions options, string? connectionString, NodeReadiness readiness, LeaderboardView leaderboard)
    {
        builder
            .WithRemoting(new RemoteOptions
            {
                HostName = options.RemotingHostname,
                PublicHostName = options.PublicHostname,
                Port = options.RemotingPort,
            })
            .WithClustering(new ClusterOptions { Roles = [Role], SplitBrainResolver = new KeepMajorityOption() })
            .WithCustomSerializer("bux", [typeof(IBuxMessage)], system => new BuxSerializer(system))
            .AddHocon(BuxHocon.For(options, connectionString), HoconAddMode.Prepend)
            .AddHocon(ClusterSharding.DefaultConfig()
                .WithFallback(Akka.DistributedData.DistributedData.DefaultConfig())
                .WithFallback(ClusterSingleton.DefaultConfig()), HoconAddMode.Append);

        if (connectionString is null)
            builder.WithInMemorySnapshotStore();
        else
            BuxReplication.WithReplicationSerializer(builder.WithSqliteConnections(connectionString));

        return builder.AddStartup((system, registry) => StartNode(system, registry, options, connectionString, readiness, leaderboard));
    }

    private static void StartNode(ActorSystem system, IActorRegistry registry, BuxNodeOptions options, string? connectionString,
        NodeReadiness readiness, LeaderboardView leaderboard)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var log = Logging.GetLogger(system, typeof(BuxClusterSetup));
        // Loaded while the node looks for its cluster; entities (the journal's writers) start only after both.
        var tablesLoaded = Task.Run(() => LoadTables(system, NodeTables.For(system), options, connectionString, log));
        // Answers the other nodes' questions about this copy from now on, while this node looks for its cluster.
        var replication = connectionString is null ? null : BuxReplication.Start(system, options.Replication, connectionString);
        if (replication is not null)
        {
            readiness.CatchingUp(() => replication.Copy.Progress);
            NodeJournal.For(system).KillBeforeReplicatingKey = options.Faults.KillBeforeReplicatingKey;
        }

        cluster.RegisterOnMemberUp(() => _ = ServeOnceUpAsync(system, registry, options, connectionString, readiness, leaderboard, tablesLoaded, replication, log));
        cluster.RegisterOnMemberRemoved(readiness.Leaving);
        system.ActorOf(QuorumWatcher.Props(readiness), "bux-quorum-watcher");
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "bux-not-ready", () =>
        {
            readiness.Leaving();
            return Task.FromResult(Akka.Done.Instance);
        });

        PbmHost.Start(system, options.Pbm, PbmCatalog.ForNode(system, options, readiness, leaderboard, replication));
        ClusterFormation.Start(system, options);
    }

    /// <summary>
    /// Once this member is Up: the local tables are loaded, the copy catches up with the other members' (the Mnesia
    /// setup's "sync schema, wait for tables"), then the shard regions start hosting entities and the node is ready.
    /// </summary>
    private static async Task ServeOnceUpAsync(ActorSystem system, IActorRegistry registry, BuxNodeOptions options, string? connectionString,
        NodeReadiness readiness, LeaderboardView leaderboard, Task tablesLoaded, BuxReplication? replication, ILoggingAdapter log)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        readiness.MemberUp();
        if (!await Step(system, log, tablesLoaded, "load the local tables",
                $"If the checkpoint {NodeTables.For(system).Location?.Checkpoint ?? "(none)"} is damaged, delete it: the node then rebuilds the tables from the journal."))
            return;
        if (replication is not null &&
            !await Step(system, log, replication.CatchUpAsync(connectionString!, options.Journal.BatchSize), "catch up with the other members' copies",
                "See \"A node that will not catch up\" in docs/deploy-fly.md."))
            return;
        readiness.CaughtUp();
        if (!await Step(system, log, BuxShardRegions.StartAsync(system, registry, options), "start the shard regions", ""))
            return;
        Leaderboards.Start(system, NodeTables.For(system), leaderboard, options.Leaderboard);
        readiness.RegionsStarted();
        log.Info("Member {0} is Up; node {1} is ready ({2})", cluster.SelfAddress, options.NodeName ?? "nonode@nohost",
            options.Storage == StorageMode.DiscCopies ? "disc copies" : "RAM only");
        if (connectionString is not null)
            ResumePendingRewards(system, registry.Get<PostBuxRegion>(), connectionString, log);
    }

    /// <summary>Awaits one start-up step; a failed one stops the node with exit code 4 (the platform restarts it).</summary>
    private static async Task<bool> Step(ActorSystem system, ILoggingAdapter log, Task step, string what, string hint)
    {
        try
        {
            await step;
            return true;
        }
        catch (Exception e)
        {
            log.Error(e, "Could not {0} ({1}), so this node cannot serve; stopping it. {2}", what, e.GetBaseException().Message, hint);
            await CoordinatedShutdown.Get(system).Run(ShardRegionsFailedReason.Instance);
            return false;
        }
    }

    private static void LoadTables(ActorSystem system, NodeTables tables, BuxNodeOptions options, string? connectionString, ILoggingAdapter log)
    {
        if (connectionString is null)
        {
            tables.Location = new TableCopyLocation(null, null);
            return;
        }
        var dataDirectory = Path.GetDirectoryName(Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource))!;
        var checkpointPath = Path.Combine(dataDirectory, TableCheckpoint.FileName);
        var loaded = NodeTablesLoader.Load(tables, connectionString, checkpointPath, system.Serialization);
        log.Info("Local tables loaded: {0}", loaded);
        var checkpointer = new TableCheckpointer(tables, checkpointPath, options.LocalTables, log);
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "bux-local-tables-checkpoint", () =>
        {
            checkpointer.Dispose();
            return Task.FromResult(Akka.Done.Instance);
        });
    }

    private static void ResumePendingRewards(ActorSystem system, IActorRef posts, string connectionString, ILoggingAdapter log) =>
        PendingRewardResumer.ResumeAsync(system, posts, connectionString).ContinueWith(
            t => log.Error(t.Exception, "Could not look for rewarded reads cut short by the last shutdown; restart the node to retry"),
            TaskContinuationOptions.OnlyOnFaulted);
}
