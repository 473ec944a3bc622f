namespace BlocksterV2.Cluster.Persistence;

/// <summary>
/// One event as the SQL plugin's <c>journal</c> table stores it (plus its rows in <c>tags</c>), and the event itself
/// for the node's local tables, which are fed from what the journal commits.
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
    object Payload);

/// <summary>An event the journal committed, at its position (the journal's <c>ordering</c>).</summary>
public readonly record struct CommittedEvent(long Position, string PersistenceId, object Payload);
