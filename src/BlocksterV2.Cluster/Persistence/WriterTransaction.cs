using SQLitePCL;
using static BlocksterV2.Cluster.Persistence.JournalStatements;

namespace BlocksterV2.Cluster.Persistence;

/// <summary>How replicated events reach the writer.</summary>
public enum ReplicaMode
{
    /// <summary>A batch from its origin, in the origin's order: an event after a gap in the origin's numbering is not stored.</summary>
    Live,

    /// <summary>A page of a pull, in the source's commit order: events this copy holds by its origin watermarks are skipped.</summary>
    Pull,

    /// <summary>An entity's history from another copy (read repair): each position is compared with what this copy holds there.</summary>
    Repair,
}

/// <summary>What a replicated event did to this copy.</summary>
public enum ReplicaOutcome
{
    /// <summary>Stored.</summary>
    Inserted,

    /// <summary>This copy already held it (or, by its origin's watermark, had already dealt with it).</summary>
    AlreadyHeld,

    /// <summary>This copy held a different, earlier event at its position: that one and what followed it moved to the conflicts table.</summary>
    ReplacedConflict,

    /// <summary>This copy holds a different, later event at its position: the incoming one went to the conflicts table.</summary>
    RefusedConflict,

    /// <summary>Not stored: it follows a gap in its origin's events (live batches only).</summary>
    OriginGap,

    /// <summary>Not stored: this copy lacks the entity's previous event.</summary>
    EntityGap,
}

/// <summary>
/// The work of one writer transaction, inside it: inserts (own and replicated, with duplicate, gap and conflict
/// checks), moves to the conflicts table, origin bookkeeping. Memory (origins, local tables) changes only after the
/// transaction commits, from what this object collected; a rolled-back transaction leaves nothing behind.
/// </summary>
internal sealed class WriterTransaction(JournalStatements sql, Origins origins, OriginState own, IJournalFeed feed)
{
    /// <summary>Heads of the entities this transaction wrote (the feed knows only committed ones).</summary>
    private readonly Dictionary<string, long> _heads = new(StringComparer.Ordinal);

    /// <summary>
    /// Origins of which this run stored events out of their order (a read repair or a pull skipping ahead): only for
    /// those can the watermark jump past events already held, so only those are probed for it.
    /// </summary>
    private readonly HashSet<long> _outOfOrder = [];

    private readonly Dictionary<long, long> _contiguous = [];
    private readonly Dictionary<string, OriginState> _newOrigins = new(StringComparer.Ordinal);
    private long _ownSeq;

    /// <summary>Events committed, in order, for the local tables (those of <see cref="Rewritten"/> excepted).</summary>
    public List<CommittedEvent> Committed { get; } = [];

    /// <summary>Persistence ids whose stored history changed other than by appending: their rows are rebuilt from the journal.</summary>
    public HashSet<string> Rewritten { get; } = new(StringComparer.Ordinal);

    /// <summary>Own events inserted, in order, with their origin sequence numbers.</summary>
    public List<EventRow> OwnRows { get; } = [];

    public long DetectedAt { get; } = DateTime.UtcNow.Ticks;

    public void Start(long ownSeq)
    {
        _ownSeq = ownSeq;
        _contiguous.Clear();
        _newOrigins.Clear();
        _heads.Clear();
        Committed.Clear();
        Rewritten.Clear();
        OwnRows.Clear();
    }

    /// <summary>The own origin's last number after this transaction.</summary>
    public long OwnSeq => _ownSeq;

    public void InsertOwn(EventRow row)
    {
        row.OriginSeq = _ownSeq + 1;
        var position = Insert(row.PersistenceId, row.SequenceNr, row.CreatedTicks, row.Message, row.Manifest, row.SerializerId, row.WriterUuid,
            JournalSchema.OriginKey(own.Id, row.OriginSeq), row.Tags);
        _ownSeq = row.OriginSeq;
        _contiguous[own.Id] = _ownSeq;
        OwnRows.Add(row);
        Committed.Add(new CommittedEvent(position, row.PersistenceId, row.Payload, Own: true));
    }

    public ReplicaOutcome Apply(ReplicaEvent e, ReplicaMode mode)
    {
        var origin = OriginOf(e.OriginUuid, e.OriginNode);
        var contiguous = Contiguous(origin);
        // every event of an origin up to its watermark is here already (or was taken back, or lost a conflict)
        if (e.OriginSeq <= contiguous && mode != ReplicaMode.Repair)
            return ReplicaOutcome.AlreadyHeld;
        if (mode == ReplicaMode.Live && e.OriginSeq > contiguous + 1)
            return ReplicaOutcome.OriginGap;

        var head = Head(e.PersistenceId);
        ReplicaOutcome outcome;
        if (e.SequenceNr > head + 1)
            return ReplicaOutcome.EntityGap;
        if (e.OriginSeq > contiguous + 1)
            _outOfOrder.Add(origin.Id);
        if (e.SequenceNr == head + 1)
        {
            InsertReplica(e, origin);
            outcome = ReplicaOutcome.Inserted;
        }
        else
        {
            outcome = Compare(e, origin);
        }
        Advance(origin, e.OriginSeq);
        return outcome;
    }

    /// <summary>
    /// Moves the events of <paramref name="persistenceId"/> from <paramref name="fromSeq"/> on to the conflicts table,
    /// with their tags, and deletes the entity's snapshots that may include them.
    /// </summary>
    /// <returns>How many events moved.</returns>
    public int Quarantine(string persistenceId, long fromSeq, string reason, string? keptWriter = null, long? keptCreated = null)
    {
        var s = sql.MoveToConflicts;
        Bind(s, 1, persistenceId);
        Bind(s, 2, fromSeq);
        Bind(s, 3, DetectedAt);
        Bind(s, 4, reason);
        Bind(s, 5, keptWriter);
        if (keptCreated is { } created)
            Bind(s, 6, created);
        else
            raw.sqlite3_bind_null(s, 6);
        sql.Run(s);
        var moved = sql.Changes;
        foreach (var statement in new[] { sql.DeleteTagsFrom, sql.DeleteEventsFrom, sql.DeleteSnapshotsFrom })
        {
            Bind(statement, 1, persistenceId);
            Bind(statement, 2, fromSeq);
            sql.Run(statement);
        }
        if (moved > 0)
            Rewritten.Add(persistenceId);
        _heads.Remove(persistenceId);
        return moved;
    }

    /// <summary>
    /// Takes back what an origin committed from <paramref name="fromSeq"/> to <paramref name="toSeq"/> (the cluster did not
    /// acknowledge it): each such event, and whatever of its entity followed it, moves to the conflicts table.
    /// </summary>
    public int Retract(string originUuid, string originNode, long fromSeq, long toSeq, string reason)
    {
        var origin = OriginOf(originUuid, originNode);
        var positions = new List<(string PersistenceId, long SequenceNr)>();
        var s = sql.SelectOwnRange;
        Bind(s, 1, JournalSchema.OriginKey(origin.Id, fromSeq));
        Bind(s, 2, JournalSchema.OriginKey(origin.Id, toSeq));
        while (sql.Next(s))
            positions.Add((Text(s, 0)!, raw.sqlite3_column_int64(s, 1)));
        var moved = positions.Sum(p => Quarantine(p.PersistenceId, p.SequenceNr, reason));
        if (Contiguous(origin) >= fromSeq - 1)
            _contiguous[origin.Id] = Math.Max(Contiguous(origin), toSeq);
        return moved;
    }

    /// <summary>After a complete pull from a copy that holds an origin up to <paramref name="upTo"/>, so does this one.</summary>
    public void AdvanceTo(string originUuid, string originNode, long upTo)
    {
        var origin = OriginOf(originUuid, originNode);
        if (upTo > Contiguous(origin))
            _contiguous[origin.Id] = upTo;
        Advance(origin, Contiguous(origin));
    }

    /// <summary>Writes the origins this transaction changed; called just before COMMIT.</summary>
    public void SaveOrigins()
    {
        foreach (var (id, contiguous) in _contiguous)
        {
            Bind(sql.UpdateOrigin, 1, id);
            Bind(sql.UpdateOrigin, 2, contiguous);
            sql.Run(sql.UpdateOrigin);
        }
    }

    /// <summary>After COMMIT: the origins as the database now has them.</summary>
    public void Publish()
    {
        foreach (var origin in _newOrigins.Values)
            origins.Add(origin);
        foreach (var (id, contiguous) in _contiguous)
            origins.Find(id)!.Contiguous = contiguous;
    }

    private ReplicaOutcome Compare(ReplicaEvent e, OriginState origin)
    {
        Bind(sql.SelectAt, 1, e.PersistenceId);
        Bind(sql.SelectAt, 2, e.SequenceNr);
        sql.Next(sql.SelectAt);
        var writer = Text(sql.SelectAt, 0);
        var created = raw.sqlite3_column_int64(sql.SelectAt, 1);
        var same = e.SameAs(writer, created, raw.sqlite3_column_blob(sql.SelectAt, 2));
        raw.sqlite3_reset(sql.SelectAt);
        if (same)
            return ReplicaOutcome.AlreadyHeld;
        if (e.WinsOver(writer, created))
        {
            Quarantine(e.PersistenceId, e.SequenceNr,
                $"conflicts with the event {e.OriginNode} wrote at the same sequence number later; the cluster kept that one", e.OriginUuid, e.CreatedTicks);
            InsertReplica(e, origin);
            // the incoming event is stored, but the row it folds onto changed: rebuild it from the journal
            return ReplicaOutcome.ReplacedConflict;
        }
        Refuse(e, writer, created);
        return ReplicaOutcome.RefusedConflict;
    }

    private void Refuse(ReplicaEvent e, string? keptWriter, long keptCreated)
    {
        var s = sql.InsertRefused;
        Bind(s, 1, DetectedAt);
        Bind(s, 2, e.PersistenceId);
        Bind(s, 3, e.SequenceNr);
        Bind(s, 4, e.CreatedTicks);
        Bind(s, 5, e.OriginUuid);
        Bind(s, 6, e.OriginNode);
        Bind(s, 7, e.Manifest);
        Bind(s, 8, e.SerializerId);
        Bind(s, 9, e.Message);
        Bind(s, 10, e.Tags.Count == 0 ? null : string.Join('\u001f', e.Tags));
        Bind(s, 11, "arrived after a different, later event at the same sequence number; the cluster kept that one");
        Bind(s, 12, keptWriter);
        Bind(s, 13, keptCreated);
        sql.Run(s);
    }

    private void InsertReplica(ReplicaEvent e, OriginState origin)
    {
        var position = Insert(e.PersistenceId, e.SequenceNr, e.CreatedTicks, e.Message, e.Manifest, e.SerializerId, e.OriginUuid,
            JournalSchema.OriginKey(origin.Id, e.OriginSeq), e.Tags);
        Committed.Add(new CommittedEvent(position, e.PersistenceId, e.Payload!, Own: false));
    }

    /// <returns>The event's position (its <c>ordering</c>).</returns>
    private long Insert(string persistenceId, long sequenceNr, long created, byte[] message, string manifest, int serializerId,
        string writerUuid, long originKey, IReadOnlyCollection<string> tags)
    {
        var s = sql.InsertEvent;
        Bind(s, 1, created);
        Bind(s, 2, persistenceId);
        Bind(s, 3, sequenceNr);
        Bind(s, 4, message);
        Bind(s, 5, manifest);
        raw.sqlite3_bind_int(s, 6, serializerId);
        Bind(s, 7, writerUuid);
        Bind(s, 8, originKey);
        sql.Run(s);
        _heads[persistenceId] = sequenceNr;
        // taken before the tag rows: each insert changes last_insert_rowid
        var position = sql.LastInsertRowId;
        foreach (var tag in tags)
        {
            Bind(sql.InsertTag, 1, tag);
            Bind(sql.InsertTag, 2, sequenceNr);
            Bind(sql.InsertTag, 3, persistenceId);
            Bind(sql.InsertTag, 4, position);
            sql.Run(sql.InsertTag);
        }
        return position;
    }

    /// <summary>
    /// Moves the origin's watermark past <paramref name="originSeq"/> when that closes the gap, and past any events after it
    /// that this copy already holds (stored out of order by a read repair or a pull).
    /// </summary>
    private void Advance(OriginState origin, long originSeq)
    {
        var contiguous = Contiguous(origin);
        if (originSeq != contiguous + 1 && originSeq != contiguous)
            return;
        contiguous = Math.Max(contiguous, originSeq);
        while (_outOfOrder.Contains(origin.Id))
        {
            Bind(sql.OriginKeyExists, 1, JournalSchema.OriginKey(origin.Id, contiguous + 1));
            if (sql.Long(sql.OriginKeyExists) is null)
                break;
            contiguous++;
        }
        _contiguous[origin.Id] = contiguous;
    }

    /// <summary>The entity's last stored sequence number: written in this transaction, else known to the feed, else the journal's.</summary>
    private long Head(string persistenceId)
    {
        if (_heads.TryGetValue(persistenceId, out var head))
            return head;
        if (!Rewritten.Contains(persistenceId) && feed.CommittedHead(persistenceId) is { } known)
            return known;
        Bind(sql.SelectHead, 1, persistenceId);
        return sql.Long(sql.SelectHead) ?? 0;
    }

    private long Contiguous(OriginState origin) => _contiguous.TryGetValue(origin.Id, out var c) ? c : origin.Contiguous;

    private OriginState OriginOf(string writerUuid, string node)
    {
        if (origins.Find(writerUuid) is { } known)
            return known;
        if (_newOrigins.TryGetValue(writerUuid, out var added))
            return added;
        var s = sql.InsertOrigin;
        Bind(s, 1, writerUuid);
        Bind(s, 2, node);
        Bind(s, 3, 0);
        Bind(s, 4, 0);
        Bind(s, 5, DetectedAt);
        sql.Run(s);
        var origin = new OriginState(sql.LastInsertRowId, writerUuid, node, own: false, contiguous: 0);
        _newOrigins[writerUuid] = origin;
        return origin;
    }
}
