using BlocksterV2.Cluster.Replication;
using Microsoft.Data.Sqlite;

namespace BlocksterV2.Cluster.Persistence;

/// <summary>
/// What this copy serves to the other nodes, read on connections of its own (never the writer's): pulls of what a
/// peer lacks, read repairs, and whether it holds given events.
/// </summary>
public sealed class ReplicaReader(string connectionString, Origins origins)
{
    /// <summary>Journal rows one pull page looks at, at most, so a page never scans a whole journal for a few events.</summary>
    private const int ScanRows = 20_000;

    /// <summary>Bytes of event payload per page, well under the remoting frame.</summary>
    private const int PageBytes = 1 << 20;

    private const string EventColumns =
        "j.ordering, j.persistence_id, j.sequence_number, j.created, j.message, j.manifest, j.identifier, j.writer_uuid, j.origin_key, " +
        "(SELECT group_concat(t.tag, char(31)) FROM tags t WHERE t.ordering_id = j.ordering)";

    public PullPage Pull(PullRequest request)
    {
        // How far this copy holds each origin, taken before the scan: everything up to these marks was committed
        // before the scan's read began, so a pull that reaches the end has sent all of it.
        var holds = origins.All.Select(o => new OriginMark(o.WriterUuid, o.Node, o.Contiguous)).ToList();
        var asked = request.Watermarks.ToDictionary(m => m.OriginUuid, m => m.Contiguous, StringComparer.Ordinal);
        using var connection = SqlitePragmas.Open(connectionString);
        var cursor = request.Cursor >= 0 ? request.Cursor : FirstNeeded(connection, asked);
        var last = Scalar(connection, "SELECT COALESCE(MAX(ordering), 0) FROM journal") ?? 0;
        if (cursor is null || cursor >= last)
            return new PullPage([], last, Done: true, Remaining: 0, holds);

        var events = new List<ReplicaEvent>();
        long bytes = 0, scanned = 0, position = cursor.Value;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT {EventColumns} FROM journal j WHERE j.ordering > $cursor ORDER BY j.ordering LIMIT {ScanRows}";
            command.Parameters.AddWithValue("$cursor", cursor.Value);
            using var rows = command.ExecuteReader();
            while (rows.Read())
            {
                scanned++;
                position = rows.GetInt64(0);
                var originKey = rows.IsDBNull(8) ? 0 : rows.GetInt64(8);
                if (origins.Find(originKey >> JournalSchema.OriginSeqBits) is not { } origin)
                    continue;
                if ((originKey & JournalSchema.OriginSeqMask) <= asked.GetValueOrDefault(origin.WriterUuid))
                    continue;
                var e = Read(rows, origin);
                events.Add(e);
                bytes += e.Message.Length + e.PersistenceId.Length + 64;
                if (events.Count >= request.MaxEvents || bytes >= PageBytes)
                    break;
            }
        }
        var done = position >= last;
        return new PullPage(events, position, done, Math.Max(0, last - position), done ? holds : []);
    }

    public RepairReply Repair(RepairRequest request)
    {
        using var connection = SqlitePragmas.Open(connectionString);
        var heads = new List<RepairItem>(request.Items.Count);
        var events = new List<ReplicaEvent>();
        foreach (var item in request.Items)
        {
            var head = Head(connection, item.PersistenceId);
            heads.Add(head);
            if (head.HeadSeq <= item.HeadSeq && Agrees(connection, item))
                continue;
            // Beyond the asker's head when the two copies agree there, else the whole history (the asker's writer settles each position).
            ReadHistory(connection, item.PersistenceId, Agrees(connection, item) ? item.HeadSeq : 0, events);
        }
        return new RepairReply(heads, events);
    }

    public HoldsReply Holds(HoldsRequest request)
    {
        using var connection = SqlitePragmas.Open(connectionString);
        return new HoldsReply(request.Positions.Select(p => At(connection, p.PersistenceId, p.HeadSeq)).ToList());
    }

    /// <summary>This copy's last event of an entity (sequence number 0 and no writer when it has none).</summary>
    public RepairItem Head(string persistenceId)
    {
        using var connection = SqlitePragmas.Open(connectionString);
        return Head(connection, persistenceId);
    }

    /// <summary>The events of <paramref name="origin"/> this copy holds after its number <paramref name="afterSeq"/>, as positions.</summary>
    public IReadOnlyList<RepairItem> OriginEventsAfter(OriginState origin, long afterSeq)
    {
        using var connection = SqlitePragmas.Open(connectionString);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT persistence_id, sequence_number, writer_uuid, created FROM journal " +
                              "WHERE origin_key > $from AND origin_key <= $to ORDER BY origin_key";
        command.Parameters.AddWithValue("$from", JournalSchema.OriginKey(origin.Id, afterSeq));
        command.Parameters.AddWithValue("$to", JournalSchema.OriginKey(origin.Id, JournalSchema.OriginSeqMask));
        using var rows = command.ExecuteReader();
        var positions = new List<RepairItem>();
        while (rows.Read())
            positions.Add(new RepairItem(rows.GetString(0), rows.GetInt64(1), rows.IsDBNull(2) ? null : rows.GetString(2), rows.GetInt64(3)));
        return positions;
    }

    /// <summary>The newest <paramref name="max"/> rows of the conflicts table, newest first.</summary>
    public IReadOnlyList<ConflictRow> Conflicts(int max) => ReadConflicts(connectionString, max);

    /// <summary>The newest <paramref name="max"/> rows of the conflicts table of the database at <paramref name="connectionString"/>.</summary>
    public static IReadOnlyList<ConflictRow> ReadConflicts(string connectionString, int max)
    {
        using var connection = SqlitePragmas.Open(connectionString);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, detected_at, persistence_id, sequence_number, created, writer_uuid, origin_node, manifest, reason, " +
                              "kept_writer, kept_created FROM replication_conflicts ORDER BY id DESC LIMIT $max";
        command.Parameters.AddWithValue("$max", max);
        using var rows = command.ExecuteReader();
        var conflicts = new List<ConflictRow>();
        while (rows.Read())
        {
            conflicts.Add(new ConflictRow(rows.GetInt64(0), new DateTime(rows.GetInt64(1), DateTimeKind.Utc), rows.GetString(2), rows.GetInt64(3),
                new DateTime(rows.GetInt64(4), DateTimeKind.Utc), rows.IsDBNull(5) ? null : rows.GetString(5), rows.IsDBNull(6) ? null : rows.GetString(6),
                rows.IsDBNull(7) ? "" : rows.GetString(7), rows.GetString(8), rows.IsDBNull(9) ? null : rows.GetString(9),
                rows.IsDBNull(10) ? null : new DateTime(rows.GetInt64(10), DateTimeKind.Utc)));
        }
        return conflicts;
    }

    /// <summary>Rows of the journal and the conflicts table, for status.</summary>
    public (long JournalPosition, long Conflicts) Counts()
    {
        using var connection = SqlitePragmas.Open(connectionString);
        return (Scalar(connection, "SELECT COALESCE(MAX(ordering), 0) FROM journal") ?? 0, Scalar(connection, "SELECT count(*) FROM replication_conflicts") ?? 0);
    }

    private static RepairItem Head(SqliteConnection connection, string persistenceId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence_number, writer_uuid, created FROM journal WHERE persistence_id = $pid ORDER BY sequence_number DESC LIMIT 1";
        command.Parameters.AddWithValue("$pid", persistenceId);
        using var row = command.ExecuteReader();
        return row.Read()
            ? new RepairItem(persistenceId, row.GetInt64(0), row.IsDBNull(1) ? null : row.GetString(1), row.GetInt64(2))
            : new RepairItem(persistenceId, 0, null, 0);
    }

    private static RepairItem At(SqliteConnection connection, string persistenceId, long sequenceNr)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT writer_uuid, created FROM journal WHERE persistence_id = $pid AND sequence_number = $seq";
        command.Parameters.AddWithValue("$pid", persistenceId);
        command.Parameters.AddWithValue("$seq", sequenceNr);
        using var row = command.ExecuteReader();
        return row.Read()
            ? new RepairItem(persistenceId, sequenceNr, row.IsDBNull(0) ? null : row.GetString(0), row.GetInt64(1))
            : new RepairItem(persistenceId, sequenceNr, null, 0);
    }

    /// <summary>Whether this copy holds the asker's head event itself (true when the asker has none).</summary>
    private static bool Agrees(SqliteConnection connection, RepairItem asker)
    {
        if (asker.HeadSeq == 0)
            return true;
        var mine = At(connection, asker.PersistenceId, asker.HeadSeq);
        return mine.HeadWriter == asker.HeadWriter && mine.HeadCreated == asker.HeadCreated;
    }

    private void ReadHistory(SqliteConnection connection, string persistenceId, long afterSeq, List<ReplicaEvent> into)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {EventColumns} FROM journal j WHERE j.persistence_id = $pid AND j.sequence_number > $after ORDER BY j.sequence_number";
        command.Parameters.AddWithValue("$pid", persistenceId);
        command.Parameters.AddWithValue("$after", afterSeq);
        using var rows = command.ExecuteReader();
        while (rows.Read())
        {
            if (origins.Find((rows.IsDBNull(8) ? 0 : rows.GetInt64(8)) >> JournalSchema.OriginSeqBits) is { } origin)
                into.Add(Read(rows, origin));
        }
    }

    /// <summary>Where, in this copy's commit order, the first event the asker lacks is; null when it lacks none.</summary>
    private long? FirstNeeded(SqliteConnection connection, IReadOnlyDictionary<string, long> asked)
    {
        long? first = null;
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(ordering) FROM journal WHERE origin_key > $from AND origin_key <= $to";
        var from = command.Parameters.Add("$from", SqliteType.Integer);
        var to = command.Parameters.Add("$to", SqliteType.Integer);
        foreach (var origin in origins.All)
        {
            from.Value = JournalSchema.OriginKey(origin.Id, asked.GetValueOrDefault(origin.WriterUuid));
            to.Value = JournalSchema.OriginKey(origin.Id, JournalSchema.OriginSeqMask);
            if (command.ExecuteScalar() is long ordering && (first is null || ordering < first))
                first = ordering;
        }
        return first is null ? null : first - 1;
    }

    private static ReplicaEvent Read(SqliteDataReader rows, OriginState origin) => new(
        origin.WriterUuid,
        origin.Node,
        rows.GetInt64(8) & JournalSchema.OriginSeqMask,
        rows.GetString(1),
        rows.GetInt64(2),
        rows.GetInt64(3),
        rows.IsDBNull(5) ? "" : rows.GetString(5),
        rows.IsDBNull(6) ? 0 : rows.GetInt32(6),
        (byte[])rows.GetValue(4),
        rows.IsDBNull(9) ? [] : rows.GetString(9).Split('\u001f'));

    private static long? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() is long value ? value : null;
    }
}

/// <summary>
/// An event moved to the conflicts table: where it was (persistence id, sequence number), who wrote it when, why it was
/// moved, and which event the cluster kept at its position (when one did).
/// </summary>
public sealed record ConflictRow(
    long Id,
    DateTime DetectedAt,
    string PersistenceId,
    long SequenceNr,
    DateTime WrittenAt,
    string? Writer,
    string? WriterNode,
    string Manifest,
    string Reason,
    string? KeptWriter,
    DateTime? KeptWrittenAt);
