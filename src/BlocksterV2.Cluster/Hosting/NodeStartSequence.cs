using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using BlocksterV2.Cluster.Formation;
using BlocksterV2.Cluster.Inspection;
using BlocksterV2.Cluster.Leaderboard;
using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Cluster.Persistence;
using BlocksterV2.Cluster.Replication;
using BlocksterV2.Cluster.Rewards;
using BlocksterV2.Cluster.Sharding;
using BlocksterV2.Domain.Tables;
using Microsoft.Data.Sqlite;

namespace BlocksterV2.Cluster.Hosting;

/// <summary>
/// How a node starts, in order. At actor-system start (<see cref="Begin"/>): the local tables begin loading, the
/// copy answers the other members, readiness and shutdown hooks are set, the pbm host listens and the node looks
/// for its cluster. Once this member is Up (<see cref="ServeOnceUpAsync"/>): the tables are loaded, the copy catches
/// up (the Mnesia setup's "sync schema, wait for tables"), the shard regions start and the leaderboard with them, the
/// node is ready, and rewarded reads cut short by the last shutdown resume. A step that fails stops the node (exit 4).
/// </summary>
internal sealed class NodeStartSequence
{
    private readonly ActorSystem _system;
    private readonly IActorRegistry _registry;
    private readonly BuxNodeOptions _options;
    private readonly string? _connectionString;
    private readonly NodeReadiness _readiness;
    private readonly LeaderboardView _leaderboard;
    private readonly ILoggingAdapter _log;
    private readonly NodeTables _tables;
    private Task _tablesLoaded = Task.CompletedTask;
    private BuxReplication? _replication;

    public NodeStartSequence(ActorSystem system, IActorRegistry registry, BuxNodeOptions options, string? connectionString,
        NodeReadiness readiness, LeaderboardView leaderboard)
    {
        _system = system;
        _registry = registry;
        _options = options;
        _connectionString = connectionString;
        _readiness = readiness;
        _leaderboard = leaderboard;
        _log = Logging.GetLogger(system, typeof(BuxClusterSetup));
        _tables = NodeTables.For(system);
    }

    public void Begin()
    {
        // Loaded while the node looks for its cluster; entities (the journal's writers) start only after both.
        _tablesLoaded = Task.Run(LoadTables);
        StartReplication();
        WatchMembership();
        PbmHost.Start(_system, _options.Pbm, PbmCatalog.ForNode(_system, _options, _readiness, _leaderboard, _replication));
        ClusterFormation.Start(_system, _options);
    }

    private async Task ServeOnceUpAsync()
    {
        _readiness.MemberUp();
        if (!await Step(_tablesLoaded, "load the local tables",
                $"If the checkpoint {_tables.Location?.Checkpoint ?? "(none)"} is damaged, delete it: the node then rebuilds the tables from the journal."))
            return;
        if (_replication is not null &&
            !await Step(_replication.CatchUpAsync(_connectionString!, _options.Journal.BatchSize), "catch up with the other members' copies",
                "See \"A node that will not catch up\" in docs/deploy-fly.md."))
            return;
        _readiness.CaughtUp();
        if (!await Step(BuxShardRegions.StartAsync(_system, _registry, _options), "start the shard regions", ""))
            return;
        Leaderboards.Start(_system, _tables, _leaderboard, _options.Leaderboard);
        _readiness.RegionsStarted();
        _log.Info("Member {0} is Up; node {1} is ready ({2})", Akka.Cluster.Cluster.Get(_system).SelfAddress, _options.NodeName ?? "nonode@nohost",
            _options.Storage == StorageMode.DiscCopies ? "disc copies" : "RAM only");
        if (_connectionString is not null)
            await ResumePendingRewardsAsync(_connectionString);
    }

    /// <summary>From now on the copy answers the other nodes' questions about it, while this node looks for its cluster.</summary>
    private void StartReplication()
    {
        if (_connectionString is null)
            return;
        var replication = BuxReplication.Start(_system, _options.Replication, _connectionString);
        _readiness.CatchingUp(() => replication.Copy.Progress);
        NodeJournal.For(_system).KillBeforeReplicatingKey = _options.Faults.KillBeforeReplicatingKey;
        _replication = replication;
    }

    private void WatchMembership()
    {
        var cluster = Akka.Cluster.Cluster.Get(_system);
        cluster.RegisterOnMemberUp(() => _ = ServeOnceUpAsync());
        cluster.RegisterOnMemberRemoved(_readiness.Leaving);
        _system.ActorOf(QuorumWatcher.Props(_readiness), "bux-quorum-watcher");
        CoordinatedShutdown.Get(_system).AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "bux-not-ready", () =>
        {
            _readiness.Leaving();
            return Task.FromResult(Akka.Done.Instance);
        });
    }

    /// <summary>Loads the tables from the checkpoint and the journal after it, then checkpoints them until shutdown.</summary>
    private void LoadTables()
    {
        if (_connectionString is null)
        {
            _tables.Location = new TableCopyLocation(null, null);
            return;
        }
        var dataDirectory = Path.GetDirectoryName(Path.GetFullPath(new SqliteConnectionStringBuilder(_connectionString).DataSource))!;
        var checkpointPath = Path.Combine(dataDirectory, TableCheckpoint.FileName);
        var loaded = NodeTablesLoader.Load(_tables, _connectionString, checkpointPath, _system.Serialization.Deserialize);
        _log.Info("Local tables loaded: {0}", loaded);
        var checkpointer = new TableCheckpointer(_tables, checkpointPath, _options.LocalTables, _log);
        CoordinatedShutdown.Get(_system).AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "bux-local-tables-checkpoint", () =>
        {
            checkpointer.Dispose();
            return Task.FromResult(Akka.Done.Instance);
        });
    }

    /// <summary>Not a step: a node that cannot look for them still serves, and says how to retry.</summary>
    private async Task ResumePendingRewardsAsync(string connectionString)
    {
        try
        {
            await PendingRewardResumer.ResumeAsync(_system, _registry.Get<PostBuxRegion>(), connectionString);
        }
        catch (Exception e)
        {
            _log.Error(e, "Could not look for rewarded reads cut short by the last shutdown; restart the node to retry");
        }
    }

    /// <summary>Awaits one start-up step; a failed one stops the node with exit code 4 (the platform restarts it).</summary>
    private async Task<bool> Step(Task step, string what, string hint)
    {
        try
        {
            await step;
            return true;
        }
        catch (Exception e)
        {
            _log.Error(e, "Could not {0} ({1}), so this node cannot serve; stopping it. {2}", what, e.GetBaseException().Message, hint);
            await CoordinatedShutdown.Get(_system).Run(ShardRegionsFailedReason.Instance);
            return false;
        }
    }
}
