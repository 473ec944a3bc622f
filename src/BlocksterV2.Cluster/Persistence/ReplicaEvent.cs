namespace BlocksterV2.Cluster.Persistence;

/// <summary>
/// One stored event as nodes exchange it: everything its journal row holds, and where it was first committed
/// (<see cref="OriginUuid"/>, the origin's <c>writer_uuid</c>, at <see cref="OriginSeq"/>; <see cref="OriginNode"/> is
/// the address that origin ran on). Every copy stores it under the same persistence id, sequence number, payload,
/// writer and timestamp.
/// </summary>
public sealed record ReplicaEvent(
    string OriginUuid,
    string OriginNode,
    long OriginSeq,
    string PersistenceId,
    long SequenceNr,
    long CreatedTicks,
    string Manifest,
    int SerializerId,
    byte[] Message,
    IReadOnlyList<string> Tags)
{
    /// <summary>The deserialized event, for the local tables; set by the receiving node before it is stored.</summary>
    public object? Payload { get; set; }

    /// <summary>
    /// Two events at the same persistence id and sequence number are the same event when the same writer wrote the same
    /// bytes at the same moment.
    /// </summary>
    public bool SameAs(string? writerUuid, long createdTicks, ReadOnlySpan<byte> message) =>
        string.Equals(OriginUuid, writerUuid, StringComparison.Ordinal) && CreatedTicks == createdTicks && message.SequenceEqual(Message);

    /// <summary>
    /// Which of two different events at one position the cluster keeps: the later write. An event the cluster never
    /// acknowledged was written by a node that died or was cut off before the one that wrote over it took the entity
    /// over, so the later one is the acknowledged one. Ties (impossible in practice) go to the greater writer uuid.
    /// </summary>
    public bool WinsOver(string? writerUuid, long createdTicks) =>
        CreatedTicks != createdTicks ? CreatedTicks > createdTicks : string.CompareOrdinal(OriginUuid, writerUuid) > 0;

    public static ReplicaEvent From(EventRow row, string originNode) => new(row.WriterUuid, originNode, row.OriginSeq, row.PersistenceId,
        row.SequenceNr, row.CreatedTicks, row.Manifest, row.SerializerId, row.Message, row.Tags as IReadOnlyList<string> ?? row.Tags.ToList())
    {
        Payload = row.Payload,
    };
}
