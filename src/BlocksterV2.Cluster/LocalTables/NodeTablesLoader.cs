using System.Diagnostics;
using BlocksterV2.Cluster.Entities;
using BlocksterV2.Cluster.Persistence;

namespace BlocksterV2.Cluster.LocalTables;

/// <summary>What loading the local tables found, for the node log.</summary>
public sealed record TablesLoaded(long? CheckpointPosition, string? CheckpointProblem, int Users, int Posts, long TailEvents, TimeSpan Took,
    int RebuiltRows = 0)
{
    public override string ToString() =>
        $"{Users} users, {Posts} posts in {Took.TotalMilliseconds:0} ms: " + (CheckpointPosition is { } position
            ? $"the checkpoint at journal position {position}, then the {TailEvents} events stored after it" +
              (RebuiltRows > 0 ? $", then {RebuiltRows} rows whose events moved to the conflicts table after the checkpoint, rebuilt from the journal" : "")
            : $"all {TailEvents} events of the journal ({CheckpointProblem})");
}

/// <summary>
/// Fills the node's local tables at startup: the last checkpoint, then every BUX event the journal stored after
/// it, folded exactly as live events are, then, from their whole history, the rows of entities whose events moved to
/// the conflicts table after the checkpoint was cut (a retracted write, a conflict lost: the checkpoint still holds
/// those events, and a replacement at the same sequence number is in the tail). Runs before the journal takes writes
/// (before the shard regions start).
/// </summary>
public static class NodeTablesLoader
{
    private const string BuxIds = $"(persistence_id LIKE '{PersistenceIds.UserPrefix}%' OR persistence_id LIKE '{PersistenceIds.PostPrefix}%')";

    private const string MovedQuery = $"SELECT DISTINCT persistence_id FROM replication_conflicts WHERE id > $reflected AND {BuxIds}";

    private const string HistoryQuery = "SELECT message, identifier, manifest FROM journal WHERE persistence_id = $pid ORDER BY sequence_number";

    private const string TailQuery =
        "SELECT ordering, persistence_id, message, identifier, manifest FROM journal " +
        $"WHERE ordering > $position AND {BuxIds} " +
        "ORDER BY ordering";

    /// <param name="deserialize">Turns a stored message back into its event (message, serializer id, manifest).</param>
    public static TablesLoaded Load(NodeTables tables, string connectionString, string checkpointPath, Func<byte[], int, string, object> deserialize)
    {
        var clock = Stopwatch.StartNew();
        var cut = TableCheckpoint.TryRead(checkpointPath, out var problem);

        long tailEvents = 0;
        var rebuilt = 0;
        using (var connection = SqlitePragmas.Open(connectionString))
        {
            var journalExists = TableExists(connection, "journal");
            // A checkpoint past the journal's end was cut from another database (this one was deleted or replaced):
            // its rows are not this journal's, and new events at positions up to it would be skipped.
            var lastPosition = journalExists ? LastPosition(connection) : 0;
            if (cut is not null && cut.Position > lastPosition)
            {
                problem = $"the checkpoint is at journal position {cut.Position}, past the journal's last event {lastPosition}: " +
                          "it belongs to another database";
                cut = null;
            }
            if (cut is not null)
            {
                tables.Restore(cut);
                tables.LastCheckpoint = new TableCheckpointInfo(cut.Position, File.GetLastWriteTimeUtc(checkpointPath));
            }
            if (journalExists)
            {
                using var tail = connection.CreateCommand();
                tail.CommandText = TailQuery;
                tail.Parameters.AddWithValue("$position", cut?.Position ?? 0);
                using var rows = tail.ExecuteReader();
                while (rows.Read())
                {
                    var (position, persistenceId) = (rows.GetInt64(0), rows.GetString(1));
                    var payload = Deserialize(deserialize, (byte[])rows.GetValue(2), rows.GetInt32(3), rows.IsDBNull(4) ? "" : rows.GetString(4));
                    tables.Replay(position, persistenceId, payload);
                    if (payload is not Exception)
                        tailEvents++;
                }
            }
            if (cut is not null && TableExists(connection, "replication_conflicts"))
                rebuilt = RebuildMoved(tables, connection, cut.ConflictsReflected, deserialize);
        }
        tables.Location = new TableCopyLocation(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource, checkpointPath);
        return new TablesLoaded(cut?.Position, problem, tables.Users.Count, tables.Posts.Count, tailEvents, clock.Elapsed, rebuilt);
    }

    /// <returns>How many rows were rebuilt.</returns>
    private static int RebuildMoved(NodeTables tables, Microsoft.Data.Sqlite.SqliteConnection connection, long reflected,
        Func<byte[], int, string, object> deserialize)
    {
        var moved = new List<string>();
        using (var query = connection.CreateCommand())
        {
            query.CommandText = MovedQuery;
            query.Parameters.AddWithValue("$reflected", reflected);
            using var rows = query.ExecuteReader();
            while (rows.Read())
                moved.Add(rows.GetString(0));
        }
        if (moved.Count == 0)
            return 0;
        var histories = new Dictionary<string, IReadOnlyList<object>>(StringComparer.Ordinal);
        using var history = connection.CreateCommand();
        history.CommandText = HistoryQuery;
        var pid = history.Parameters.Add("$pid", Microsoft.Data.Sqlite.SqliteType.Text);
        foreach (var persistenceId in moved)
        {
            pid.Value = persistenceId;
            var events = new List<object>();
            using var rows = history.ExecuteReader();
            while (rows.Read())
                events.Add(Deserialize(deserialize, (byte[])rows.GetValue(0), rows.GetInt32(1), rows.IsDBNull(2) ? "" : rows.GetString(2)));
            histories[persistenceId] = events;
        }
        // the conflicts table may hold rows of a later life than the checkpoint's: every one is reflected now
        tables.Rebuild(histories, MaxConflictId(connection));
        return moved.Count;
    }

    /// <summary>An event that does not deserialize is handed on as its exception: the tables report it as they do live.</summary>
    private static object Deserialize(Func<byte[], int, string, object> deserialize, byte[] message, int serializerId, string manifest)
    {
        try
        {
            return deserialize(message, serializerId, manifest);
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static long MaxConflictId(Microsoft.Data.Sqlite.SqliteConnection connection)
    {
        using var max = connection.CreateCommand();
        max.CommandText = "SELECT COALESCE(MAX(id), 0) FROM replication_conflicts";
        return (long)max.ExecuteScalar()!;
    }

    /// <summary>
    /// The highest position this journal ever gave an event: <c>ordering</c> is AUTOINCREMENT, so events taken back from
    /// the journal's end leave their positions used (sqlite_sequence), and a checkpoint cut before that is still this one's.
    /// </summary>
    private static long LastPosition(Microsoft.Data.Sqlite.SqliteConnection connection)
    {
        using var last = connection.CreateCommand();
        last.CommandText = "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'journal'), 0), COALESCE((SELECT MAX(ordering) FROM journal), 0))";
        return (long)last.ExecuteScalar()!;
    }

    private static bool TableExists(Microsoft.Data.Sqlite.SqliteConnection connection, string name)
    {
        using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        exists.Parameters.AddWithValue("$name", name);
        return (long)exists.ExecuteScalar()! > 0;
    }
}
