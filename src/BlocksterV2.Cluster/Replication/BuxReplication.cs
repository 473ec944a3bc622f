using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Cluster.Persistence;

namespace BlocksterV2.Cluster.Replication;

/// <summary>
/// Journal replication on a node with disc copies: every event is stored on every member under the same persistence id
/// and sequence number. <see cref="Start"/> runs at actor-system start (so the other nodes' questions are answered while
/// this one looks for its cluster); <see cref="CatchUpAsync"/> once this member is Up and its tables are loaded.
/// </summary>
public sealed class BuxReplication
{
    private readonly ActorSystem _system;
    private readonly ReplicationOptions _options;
    private readonly NodeJournal _journal;
    private readonly IActorRef _outbox;
    private readonly IActorRef _sync;

    private BuxReplication(ActorSystem system, ReplicationOptions options, string connectionString)
    {
        _system = system;
        _options = options;
        _journal = NodeJournal.For(system);
        Copy = ReplicaCopy.For(system);
        _outbox = system.ActorOf(ReplicationOutbox.Props(options, _journal), ReplicationOutbox.Name);
        _sync = system.ActorOf(ReplicaSync.Props(options, _journal, Copy, _outbox, new MemberRecords(connectionString)), ReplicaSync.Name);
        system.ActorOf(ReplicaReceiver.Props(_journal, Copy.Status, () => Copy.IsCaughtUp, _sync), ReplicaReceiver.Name);
    }

    public ReplicaCopy Copy { get; }

    /// <summary>The actor that runs catch-ups (<c>pbm bux sync</c> asks it).</summary>
    public IActorRef Sync => _sync;

    /// <summary>The replication messages' serializer (their remoting frame sizes are in <see cref="Hosting.BuxHocon.ReplicationRemoting"/>).</summary>
    public static AkkaConfigurationBuilder WithReplicationSerializer(AkkaConfigurationBuilder builder) =>
        builder.WithCustomSerializer("bux-replication", [typeof(IReplicationMessage)], system => new ReplicationSerializer(system));

    public static BuxReplication Start(ActorSystem system, ReplicationOptions options, string connectionString) =>
        new(system, options, connectionString);

    /// <summary>
    /// Opens the node's journal (its writer feeds the loaded tables and ships every own commit through the outbox), arms
    /// read repair, and completes once this copy has caught up with the other members'.
    /// </summary>
    public async Task<CatchUpOutcome> CatchUpAsync(string connectionString, int maxEventsPerTransaction)
    {
        var writer = _journal.Open(connectionString, maxEventsPerTransaction, NodeTables.For(_system),
            Akka.Cluster.Cluster.Get(_system).SelfAddress.ToString(),
            (message, serializerId, manifest) => _system.Serialization.Deserialize(message, serializerId, manifest));
        writer.Sink = ReplicationOutbox.SinkFor(_outbox);
        writer.Rewritten = StaleEntities.Tell(_system);
        var repair = new ReadRepair(_system, _journal, _options);
        _journal.RepairBeforeRecovery = repair.Before;
        var started = await _sync.Ask<ReplicaSync.GateStarted>(new ReplicaSync.StartCatchUp(), TimeSpan.FromSeconds(10));
        return await started.CaughtUp;
    }
}
