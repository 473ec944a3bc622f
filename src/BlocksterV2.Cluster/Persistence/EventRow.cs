namespace BlocksterV2.Cluster.Persistence;

/// <summary>One event as the SQL plugin's <c>journal</c> table stores it (plus its rows in <c>tags</c>).</summary>
public sealed record EventRow(
    string PersistenceId,
    long SequenceNr,
    long CreatedTicks,
    byte[] Message,
    string Manifest,
    int SerializerId,
    string WriterUuid,
    IReadOnlyCollection<string> Tags);
