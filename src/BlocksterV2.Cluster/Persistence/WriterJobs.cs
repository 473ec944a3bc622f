namespace BlocksterV2.Cluster.Persistence;

/// <summary>One piece of work the writer does inside one of its transactions.</summary>
internal abstract class WriterJob
{
    /// <summary>How many events it writes (the transaction's size limit counts these).</summary>
    public abstract int Events { get; }

    /// <summary>Does the work inside the open transaction; throwing rolls the transaction back.</summary>
    public abstract void Execute(WriterTransaction tx);

    /// <summary>After the transaction committed and the local tables took it.</summary>
    public abstract void Committed();

    public abstract void Fail(Exception cause);
}

/// <summary>Events of this node's entities. Completed by the replication sink once the cluster holds them as configured.</summary>
internal sealed class OwnWriteJob(IReadOnlyList<EventRow> rows, bool killAfterCommit) : WriterJob
{
    public IReadOnlyList<EventRow> Rows { get; } = rows;

    /// <summary>Fault injection (specs only): die after the commit, before anything is sent to the other nodes.</summary>
    public bool KillAfterCommit { get; } = killAfterCommit;

    /// <summary>Continuations run where it completes (the outbox, or the writer thread with no replication): they only hand the result to the entity.</summary>
    public TaskCompletionSource Done { get; } = new();

    public override int Events => Rows.Count;

    public override void Execute(WriterTransaction tx)
    {
        foreach (var row in Rows)
            tx.InsertOwn(row);
    }

    // completed by the sink
    public override void Committed() { }

    public override void Fail(Exception cause) => Done.TrySetException(cause);
}

/// <summary>What storing a set of replicated events did.</summary>
/// <param name="Processed">Events dealt with from the start of the set (stored, already held, or a settled conflict).</param>
/// <param name="Stopped">Why the rest was not stored (a gap in the origin's events or in an entity's); null when all were.</param>
/// <param name="Replaced">Entities whose stored history changed other than by appending (an earlier event lost a conflict).</param>
public sealed record ReplicaWriteResult(int Processed, int Inserted, int Conflicts, ReplicaOutcome? Stopped, ReplicaEvent? StoppedAt, IReadOnlySet<string> Replaced);

/// <summary>Events another node committed, received live or pulled; stored in order until the first that cannot be.</summary>
internal sealed class ReplicaWriteJob(IReadOnlyList<ReplicaEvent> events, ReplicaMode mode) : WriterJob
{
    private static readonly IReadOnlySet<string> NoneReplaced = new HashSet<string>();
    private ReplicaWriteResult? _result;

    public TaskCompletionSource<ReplicaWriteResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override int Events => events.Count;

    public override void Execute(WriterTransaction tx)
    {
        int inserted = 0, conflicts = 0;
        HashSet<string>? replaced = null;
        for (var i = 0; i < events.Count; i++)
        {
            var outcome = tx.Apply(events[i], mode);
            switch (outcome)
            {
                case ReplicaOutcome.Inserted:
                    inserted++;
                    break;
                case ReplicaOutcome.ReplacedConflict:
                    inserted++;
                    conflicts++;
                    (replaced ??= new HashSet<string>(StringComparer.Ordinal)).Add(events[i].PersistenceId);
                    break;
                case ReplicaOutcome.RefusedConflict:
                    conflicts++;
                    break;
                case ReplicaOutcome.OriginGap or ReplicaOutcome.EntityGap:
                    _result = new ReplicaWriteResult(i, inserted, conflicts, outcome, events[i], replaced ?? NoneReplaced);
                    return;
            }
        }
        _result = new ReplicaWriteResult(events.Count, inserted, conflicts, null, null, replaced ?? NoneReplaced);
    }

    public override void Committed() => Done.TrySetResult(_result!);

    public override void Fail(Exception cause) => Done.TrySetException(cause);
}

/// <summary>Moves events to the conflicts table; the count moved is the result.</summary>
internal sealed class QuarantineJob(Func<WriterTransaction, int> move) : WriterJob
{
    private int _moved;

    public TaskCompletionSource<int> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override int Events => 1;

    public override void Execute(WriterTransaction tx) => _moved = move(tx);

    public override void Committed() => Done.TrySetResult(_moved);

    public override void Fail(Exception cause) => Done.TrySetException(cause);
}
