using Akka.Actor;
using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Cluster.Persistence;
using BlocksterV2.Domain.Tables;

namespace BlocksterV2.Cluster.Replication;

/// <summary>
/// This node's copy as the other nodes and the operator see it: whether it has caught up since it started, what its
/// catch-up is doing, and its <see cref="ReplicaStatus"/>. Thread-safe; the sync actor changes the state.
/// </summary>
public sealed class ReplicaCopy(ActorSystem system, NodeJournal journal, NodeTables tables)
{
    private volatile string _state = ReplicaStatus.Starting;
    private volatile string _progress = "waiting for this member to be Up";
    private volatile CatchUpOutcome? _lastCatchUp;

    public static ReplicaCopy For(ActorSystem system) => system.WithExtension<ReplicaCopyExtension, ReplicaCopyProvider>().Copy;

    public string State => _state;

    public bool IsCaughtUp => _state == ReplicaStatus.CaughtUp;

    /// <summary>What the catch-up is doing now, or how it ended.</summary>
    public string Progress => _progress;

    public CatchUpOutcome? LastCatchUp => _lastCatchUp;

    internal void CatchingUp(string progress)
    {
        _state = ReplicaStatus.CatchingUp;
        _progress = progress;
    }

    internal void CaughtUp(CatchUpOutcome outcome)
    {
        _lastCatchUp = outcome;
        _progress = outcome.Summary;
        _state = ReplicaStatus.CaughtUp;
    }

    /// <summary>This copy's status; <paramref name="digests"/> costs a pass over both tables.</summary>
    public ReplicaStatus Status(bool digests)
    {
        var marks = journal.Origins.All.Select(o => new OriginMark(o.WriterUuid, o.Node, o.Contiguous)).ToList();
        var (position, conflicts) = journal.Reader?.Counts() ?? (tables.AppliedPosition, 0);
        return new ReplicaStatus(
            Akka.Cluster.Cluster.Get(system).SelfAddress.ToString(),
            _state,
            marks,
            position,
            tables.Users.Count,
            tables.Posts.Count,
            digests ? tables.Digest(BuxTables.UserBuxPoints) : "",
            digests ? tables.Digest(BuxTables.PostBuxPoints) : "",
            conflicts);
    }
}

public sealed class ReplicaCopyExtension(ReplicaCopy copy) : IExtension
{
    public ReplicaCopy Copy { get; } = copy;
}

public sealed class ReplicaCopyProvider : ExtensionIdProvider<ReplicaCopyExtension>
{
    public override ReplicaCopyExtension CreateExtension(ExtendedActorSystem system) =>
        new(new ReplicaCopy(system, NodeJournal.For(system), NodeTables.For(system)));
}
