using BlocksterV2.Cluster.Persistence;

namespace BlocksterV2.Cluster.Replication;

/// <summary>What nodes send each other to keep every copy of the journal whole; serialized by <see cref="ReplicationSerializer"/>.</summary>
public interface IReplicationMessage;

/// <summary>
/// One group commit of an origin (a node's journal), sent live to every other member: its events
/// <see cref="FromSeq"/>..<see cref="ToSeq"/> in the origin's numbering, in commit order.
/// </summary>
public sealed record ReplicaBatch(string OriginUuid, string OriginNode, long FromSeq, long ToSeq, IReadOnlyList<ReplicaEvent> Events) : IReplicationMessage;

/// <summary>A member's answer to a batch: it holds every event of the origin up to <see cref="Contiguous"/>.</summary>
public sealed record ReplicaAck(string OriginUuid, long Contiguous) : IReplicationMessage;

/// <summary>
/// The origin takes its events <see cref="FromSeq"/>..<see cref="ToSeq"/> back: the cluster did not acknowledge them in
/// time, the writer was told so, and a copy that holds them moves them to its conflicts table.
/// </summary>
public sealed record ReplicaRetract(string OriginUuid, string OriginNode, long FromSeq, long ToSeq, string Reason) : IReplicationMessage;

/// <summary>How far a copy holds one origin's events without a gap.</summary>
public sealed record OriginMark(string OriginUuid, string Node, long Contiguous);

/// <summary>
/// Asks a copy for every event it holds beyond the asker's <see cref="Watermarks"/> (origins the asker does not list:
/// from the start), in the copy's own commit order (so an entity's events come in order), after <see cref="Cursor"/>
/// (a position in the copy's journal; -1 to let the copy find where the first needed event is).
/// </summary>
public sealed record PullRequest(IReadOnlyList<OriginMark> Watermarks, long Cursor, int MaxEvents) : IReplicationMessage;

/// <summary>
/// A page of a pull. <see cref="Done"/>: nothing after <see cref="Cursor"/> remains; then <see cref="Holds"/> says how far
/// the copy holds each origin, which the asker then holds too. <see cref="Remaining"/>: journal rows after the page
/// (an upper bound of what is left, for progress).
/// </summary>
public sealed record PullPage(IReadOnlyList<ReplicaEvent> Events, long Cursor, bool Done, long Remaining, IReadOnlyList<OriginMark> Holds) : IReplicationMessage;

/// <summary>Asks a member how its copy stands (<see cref="ReplicaStatus"/>); <see cref="Digests"/> costs a pass over its tables.</summary>
public sealed record ReplicaStatusRequest(bool Digests) : IReplicationMessage;

/// <summary>
/// A member's copy: whether it has caught up since it started (<see cref="State"/> <c>caught-up</c>) and may serve as a
/// source, how far it holds each origin, its journal position, its table rows (and their digests when asked), and its conflicts.
/// Also sent unasked to every member when the copy catches up.
/// </summary>
public sealed record ReplicaStatus(
    string Node,
    string State,
    IReadOnlyList<OriginMark> Origins,
    long JournalPosition,
    long Users,
    long Posts,
    string UsersDigest,
    string PostsDigest,
    long Conflicts) : IReplicationMessage
{
    public const string CaughtUp = "caught-up";
    public const string Starting = "starting";
    public const string CatchingUp = "catching-up";

    public bool IsCaughtUp => State == CaughtUp;
}

/// <summary>An entity about to recover here, and the last event this copy holds for it.</summary>
public sealed record RepairItem(string PersistenceId, long HeadSeq, string? HeadWriter, long HeadCreated);

/// <summary>Read repair: for each entity, the asker's last event; the copy answers with what it holds beyond it.</summary>
public sealed record RepairRequest(IReadOnlyList<RepairItem> Items) : IReplicationMessage;

/// <summary>
/// For each entity asked about, this copy's highest sequence number, and every event the asker lacks (from its head on,
/// or the whole history when the two copies disagree at the asker's head).
/// </summary>
public sealed record RepairReply(IReadOnlyList<RepairItem> Heads, IReadOnlyList<ReplicaEvent> Events) : IReplicationMessage;

/// <summary>Does this copy hold an event at these positions (and which)? Used before quarantining events only the asker holds.</summary>
public sealed record HoldsRequest(IReadOnlyList<RepairItem> Positions) : IReplicationMessage;

/// <summary>For each position asked about: the event this copy holds there (writer, created), or a null writer when none.</summary>
public sealed record HoldsReply(IReadOnlyList<RepairItem> Held) : IReplicationMessage;
