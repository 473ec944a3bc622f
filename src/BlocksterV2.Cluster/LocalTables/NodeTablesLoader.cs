using System.Diagnostics;
using BlocksterV2.Cluster.Entities;
using BlocksterV2.Cluster.Persistence;

namespace BlocksterV2.Cluster.LocalTables;

/// <summary>What loading the local tables found, for the node log.</summary>
public sealed record TablesLoaded(long? CheckpointPosition, string? CheckpointProblem, int Users, int Posts, long TailEvents, TimeSpan Took)
{
    public override string ToString() =>
        $"{Users} users, {Posts} posts in {Took.TotalMilliseconds:0} ms: " + (CheckpointPosition is { } position
            ? $"the checkpoint at journal position {position}, then the {TailEvents} events stored after it"
            : $"all {TailEvents} events of the journal ({CheckpointProblem})");
}

/// <summary>
/// Fills the node's local tables at startup: the last checkpoint, then every BUX event the journal stored after
/// it, folded exactly as live events are. Runs before the journal takes writes (before the shard regions start).
/// </summary>
public static class NodeTablesLoader
{
    private const string TailQuery =
        "SELECT ordering, persistence_id, message, identifier, manifest FROM journal " +
        $"WHERE ordering > $position AND (persistence_id LIKE '{PersistenceIds.UserPrefix}%' OR persistence_id LIKE '{PersistenceIds.PostPrefix}%') " +
        "ORDER BY ordering";

    public static TablesLoaded Load(NodeTables tables, string connectionString, string checkpointPath, Akka.Serialization.Serialization serialization)
    {
        var clock = Stopwatch.StartNew();
        var cut = TableCheckpoint.TryRead(checkpointPath, out var problem);

        long tailEvents = 0;
        using (var connection = SqlitePragmas.Open(connectionString))
        {
            var journalExists = JournalExists(connection);
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
                    object payload;
                    try
                    {
                        payload = serialization.Deserialize((byte[])rows.GetValue(2), rows.GetInt32(3), rows.IsDBNull(4) ? "" : rows.GetString(4));
                    }
                    catch (Exception e)
                    {
                        tables.Unreadable(position, persistenceId, e);
                        continue;
                    }
                    tables.Replay(position, persistenceId, payload);
                    tailEvents++;
                }
            }
        }
        tables.Location = new TableCopyLocation(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource, checkpointPath);
        return new TablesLoaded(cut?.Position, problem, tables.Users.Count, tables.Posts.Count, tailEvents, clock.Elapsed);
    }

    private static long LastPosition(Microsoft.Data.Sqlite.SqliteConnection connection)
    {
        using var last = connection.CreateCommand();
        last.CommandText = "SELECT COALESCE(MAX(ordering), 0) FROM journal";
        return (long)last.ExecuteScalar()!;
    }

    private static bool JournalExists(Microsoft.Data.Sqlite.SqliteConnection connection)
    {
        using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'journal'";
        return (long)exists.ExecuteScalar()! > 0;
    }
}
