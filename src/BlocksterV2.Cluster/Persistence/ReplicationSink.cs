namespace BlocksterV2.Cluster.Persistence;

/// <summary>
/// What one writer transaction committed of this node's own events: its origin numbers <see cref="FromSeq"/>..
/// <see cref="ToSeq"/>, the rows, and the writes waiting for them.
/// </summary>
public sealed class OwnCommit(long fromSeq, long toSeq, IReadOnlyList<EventRow> rows, IReadOnlyList<TaskCompletionSource> writes)
{
    public long FromSeq { get; } = fromSeq;
    public long ToSeq { get; } = toSeq;
    public IReadOnlyList<EventRow> Rows { get; } = rows;

    /// <summary>The cluster holds the events as configured: their writers may answer.</summary>
    public void Acknowledge()
    {
        foreach (var write in writes)
            write.TrySetResult();
    }

    /// <summary>The events were taken back (or never shipped): their writers answer with <paramref name="cause"/>.</summary>
    public void Fail(Exception cause)
    {
        foreach (var write in writes)
            write.TrySetException(cause);
    }
}

/// <summary>Where the writer hands every commit of own events: the replication outbox, or <see cref="LocalOnly"/>.</summary>
public interface IReplicationSink
{
    void Committed(OwnCommit commit);
}

/// <summary>No replication (a node alone, RAM-only, specs): a write is acknowledged once committed here.</summary>
public sealed class LocalOnly : IReplicationSink
{
    public static readonly LocalOnly Instance = new();

    public void Committed(OwnCommit commit) => commit.Acknowledge();
}

/// <summary>A write could not be held by enough of the cluster; nothing of it remains (503 to the caller).</summary>
public sealed class ReplicationUnavailableException(string message) : Exception(message);
