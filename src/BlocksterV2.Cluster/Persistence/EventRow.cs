namespace BlocksterV2.Cluster.Persistence;

/// <summary>
/// One event as the SQL plugin's <c>journal</c> table stores it (plus its rows in <c>tags</c>), and the event itself
/// for the node's local tables, which are fed from what the journal commits. <see cref="WriterUuid"/> names the
/// origin (the journal incarnation that first committed it) and <see cref="OriginSeq"/> its place in that origin's
/// commits: the same on every node that holds a copy. The writer numbers this node's own events as it commits them.
/// </summary>
public sealed record EventRow(
    string PersistenceId,
    long SequenceNr,
    long CreatedTicks,
    byte[] Message,
    string Manifest,
    int SerializerId,
    string WriterUuid,
    IReadOnlyCollection<string> Tags,
    object Payload)
{
    /// <summary>The event's number among its origin's events (1, 2, 3, ...); 0 until the writer assigns an own event's.</summary>
    public long OriginSeq { get; set; }
}

/// <summary>
/// An event the journal committed, at its position (the journal's <c>ordering</c>). <see cref="Own"/>: written by an
/// entity on this node (not copied from another node), so this node's leaderboard writer reports it.
/// </summary>
public readonly record struct CommittedEvent(long Position, string PersistenceId, object Payload, bool Own = true);
