using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Journal;
using BlocksterV2.Cluster.Entities;
using BlocksterV2.Cluster.Persistence;
using BlocksterV2.Domain.Idempotency;
using BlocksterV2.Domain.Posts;
using BlocksterV2.Domain.Tables;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.LocalTables;

/// <summary>
/// The node's RAM copies of <c>user_bux_points</c> and <c>post_bux_points</c> (Mnesia's local tables), fed with
/// every event this node's journal commits (its own entities' and those replicated from the other nodes) and folded
/// with the entities' own pure <c>Apply</c>, so a row is exactly the state its entity would recover. Dirty reads,
/// range queries, ranks and <c>table-info</c> read them; nothing here asks an actor.
/// </summary>
public sealed class NodeTables : IExtension, IJournalFeed
{
    private readonly Lock _applying = new();
    private readonly Lock _changedGuard = new();
    private readonly ILoggingAdapter _log;
    private HashSet<string> _changedUsers = new(StringComparer.Ordinal);
    private long _appliedPosition;

    /// <summary>The highest conflicts-table row whose move the rows reflect (their entity's row was rebuilt after it).</summary>
    private long _conflictsReflected;
    private long _feedFaults;

    public NodeTables(ILoggingAdapter log) => _log = log;

    public static NodeTables For(ActorSystem system) => system.WithExtension<NodeTables, NodeTablesProvider>();

    public LocalTable<UserRow> Users { get; } = new(BuxTables.UserBuxPoints);

    public LocalTable<PostRow> Posts { get; } = new(BuxTables.PostBuxPoints);

    /// <summary>Rows and bytes of RAM of the table named <paramref name="tableName"/> (one of <see cref="BuxTables.TableNames"/>).</summary>
    public TableSize SizeOf(string tableName) => tableName switch
    {
        BuxTables.UserBuxPoints => new TableSize(Users.Count, Users.HeapBytes),
        BuxTables.PostBuxPoints => new TableSize(Posts.Count, Posts.HeapBytes),
        _ => throw new ArgumentOutOfRangeException(nameof(tableName), tableName, "not a BUX table"),
    };

    /// <summary>The journal position of the last event applied: every event at or before it is in the tables.</summary>
    public long AppliedPosition => Volatile.Read(ref _appliedPosition);

    /// <summary>Events the tables could not apply (a bug: the node log has each one); 0 on a healthy node.</summary>
    public long FeedFaults => Volatile.Read(ref _feedFaults);

    /// <summary>Where the tables came from and where their checkpoint goes; set once they are loaded.</summary>
    public TableCopyLocation? Location { get; internal set; }

    /// <summary>The last checkpoint written or loaded; null before the first (and always for RAM-only nodes).</summary>
    public TableCheckpointInfo? LastCheckpoint { get; internal set; }

    /// <summary>Applies what the journal committed, in commit order. Never throws: the events are already durable.</summary>
    public void Apply(IReadOnlyList<CommittedEvent> committed)
    {
        lock (_applying)
        {
            foreach (var e in committed)
                ApplyOne(e.Position, e.PersistenceId, e.Payload, e.Own);
        }
    }

    /// <summary>
    /// Folds entities' rows again from their whole stored histories: events of them moved to the conflicts table. A row
    /// whose history is now empty leaves the table. The rows come first, then the conflicts watermark, under one lock: a
    /// cut never holds the watermark without the rows it vouches for.
    /// </summary>
    public void Rebuild(IReadOnlyDictionary<string, IReadOnlyList<object>> histories, long conflictsUpTo)
    {
        lock (_applying)
        {
            foreach (var (persistenceId, history) in histories)
            {
                if (persistenceId.StartsWith(PersistenceIds.UserPrefix, StringComparison.Ordinal))
                    Users.Remove(persistenceId[PersistenceIds.UserPrefix.Length..]);
                else if (persistenceId.StartsWith(PersistenceIds.PostPrefix, StringComparison.Ordinal))
                    Posts.Remove(persistenceId[PersistenceIds.PostPrefix.Length..]);
                foreach (var e in history)
                    ApplyOne(position: 0, persistenceId, e, own: true);
            }
            if (conflictsUpTo > _conflictsReflected)
                _conflictsReflected = conflictsUpTo;
        }
    }

    /// <summary>
    /// The version (highest sequence number) of a user's or post's row: every committed event of it is folded (its first
    /// event makes the row), so this is its journal head, 0 without a row; null once an event could not be folded (the
    /// journal knows then) or for other persistence ids.
    /// </summary>
    public long? CommittedHead(string persistenceId)
    {
        if (FeedFaults > 0)
            return null;
        if (persistenceId.StartsWith(PersistenceIds.UserPrefix, StringComparison.Ordinal))
            return Users.Get(persistenceId.AsSpan(PersistenceIds.UserPrefix.Length))?.Version ?? 0;
        if (persistenceId.StartsWith(PersistenceIds.PostPrefix, StringComparison.Ordinal))
            return Posts.Get(persistenceId.AsSpan(PersistenceIds.PostPrefix.Length))?.Version ?? 0;
        return null;
    }

    /// <summary>
    /// A digest of a table copy's rows (every field), the same on every node whose copy holds the same rows, whatever
    /// order they arrived in: for comparing copies.
    /// </summary>
    public string Digest(string tableName) => tableName switch
    {
        BuxTables.UserBuxPoints => TableDigest.Of(Users.Rows(), row => row.ToRecord().ToString()),
        BuxTables.PostBuxPoints => TableDigest.Of(Posts.Rows(), row => row.Record.ToString() + string.Join(",", row.Pending.OrderBy(p => p.Key, StringComparer.Ordinal))),
        _ => throw new ArgumentOutOfRangeException(nameof(tableName), tableName, "not a BUX table"),
    };

    /// <summary>The users whose rows changed since the last call (the leaderboard writer's batch).</summary>
    public HashSet<string> TakeChangedUsers()
    {
        var fresh = new HashSet<string>(StringComparer.Ordinal);
        lock (_changedGuard)
        {
            (fresh, _changedUsers) = (_changedUsers, fresh);
        }
        return fresh;
    }

    /// <summary>A consistent cut for a checkpoint: every row as of <see cref="TableCut.Position"/>.</summary>
    public TableCut Cut()
    {
        lock (_applying)
        {
            return new TableCut(AppliedPosition, Users.Rows(), Posts.Rows(), _conflictsReflected);
        }
    }

    /// <summary>Loads a checkpoint's rows; only before the journal feeds the tables.</summary>
    internal void Restore(TableCut cut)
    {
        lock (_applying)
        {
            foreach (var row in cut.Users)
                Users.Put(row);
            foreach (var row in cut.Posts)
                Posts.Put(row);
            Volatile.Write(ref _appliedPosition, cut.Position);
            _conflictsReflected = cut.ConflictsReflected;
        }
    }

    /// <summary>Replays one stored event (the journal tail at startup) through the same fold as the live feed.</summary>
    internal void Replay(long position, string persistenceId, object payload)
    {
        lock (_applying)
        {
            ApplyOne(position, persistenceId, payload);
        }
    }

    /// <summary>A stored event that does not deserialize: its entity cannot recover either, so it is a fault to report.</summary>
    internal void Unreadable(long position, string persistenceId, Exception cause)
    {
        Interlocked.Increment(ref _feedFaults);
        _log.Error(cause, "Local tables skipped the event at journal position {0} of {1}: it does not deserialize ({2}). " +
                          "The entity {1} cannot recover either; check the node's version against the data it stores.",
            position, persistenceId, cause.Message);
    }

    private void ApplyOne(long position, string persistenceId, object payload, bool own = true)
    {
        if (payload is Exception unreadable)
        {
            Unreadable(position, persistenceId, unreadable);
            return;
        }
        try
        {
            if (payload is Tagged tagged)
                payload = tagged.Payload;
            if (payload is IUserEvent userEvent && persistenceId.StartsWith(PersistenceIds.UserPrefix, StringComparison.Ordinal))
                ApplyUser(persistenceId.AsSpan(PersistenceIds.UserPrefix.Length), userEvent, own);
            else if (payload is IPostEvent postEvent && persistenceId.StartsWith(PersistenceIds.PostPrefix, StringComparison.Ordinal))
                ApplyPost(persistenceId.AsSpan(PersistenceIds.PostPrefix.Length), postEvent);
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _feedFaults);
            _log.Error(e, "Local tables could not apply {0} at journal position {1} of {2}: {3}. The event is stored; the local copy " +
                          "of this record is stale until the node restarts with its local-tables checkpoint deleted. Please report this bug.",
                payload.GetType().Name, position, persistenceId, e.Message);
        }
        if (position > _appliedPosition)
            Volatile.Write(ref _appliedPosition, position);
    }

    /// <param name="own">Written by this node's entity: this node's leaderboard writer reports the change (replicated
    /// events are reported by the node that wrote them, so the board is written once per change, not once per node).</param>
    private void ApplyUser(ReadOnlySpan<char> userId, IUserEvent e, bool own)
    {
        var previous = Users.Get(userId);
        var key = previous?.Key ?? userId.ToString();
        var state = new UserBuxState(previous?.ToRecord(), IdempotencyLog<UserBuxPoints>.Empty);
        Users.Put(UserRow.From(UserBux.Apply(state, e, key).Record!, key));
        if (!own)
            return;
        lock (_changedGuard)
        {
            _changedUsers.Add(key);
        }
    }

    private void ApplyPost(ReadOnlySpan<char> postId, IPostEvent e)
    {
        var previous = Posts.Get(postId);
        var key = previous?.Key ?? postId.ToString();
        var state = previous is null
            ? PostBuxState.Initial
            : PostBuxState.Initial with { Record = previous.Record, Pending = previous.Pending };
        var next = PostBux.Apply(state, e, key);
        Posts.Put(new PostRow(next.Record!, next.Pending));
    }
}

/// <summary>A table copy's size: rows, and bytes of RAM they and their indexes take.</summary>
public readonly record struct TableSize(long Rows, long MemoryBytes);

/// <summary>
/// Every row of both tables as of one journal position. <paramref name="ConflictsReflected"/>: the highest
/// <c>replication_conflicts</c> row the rows already reflect. Events at or before the position that moved there later
/// are still in the rows, so a load rebuilds the entities of the rows after it from the journal.
/// </summary>
public sealed record TableCut(long Position, IReadOnlyList<UserRow> Users, IReadOnlyList<PostRow> Posts, long ConflictsReflected = 0);

/// <summary>
/// Where a node's table copies live: RAM fed by the journal in <see cref="Journal"/> (null: the in-memory
/// journal), checkpointed to <see cref="Checkpoint"/> (null: never).
/// </summary>
public sealed record TableCopyLocation(string? Journal, string? Checkpoint);

/// <summary>A checkpoint: the journal position it holds every event up to, and when it was written.</summary>
public sealed record TableCheckpointInfo(long Position, DateTime At);

public sealed class NodeTablesProvider : ExtensionIdProvider<NodeTables>
{
    public override NodeTables CreateExtension(ExtendedActorSystem system) => new(Logging.GetLogger(system, typeof(NodeTables)));
}
