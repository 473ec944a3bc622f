using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BlocksterV2.Cluster.Persistence;

/// <summary>
/// The writer's prepared statements on its one connection, through SQLite's raw API: the ADO.NET layer costs more
/// per row than SQLite's own insert. Used by the writer thread only.
/// </summary>
internal sealed class JournalStatements : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly List<sqlite3_stmt> _all = [];

    public JournalStatements(SqliteConnection connection)
    {
        _connection = connection;
        Begin = Prepare("BEGIN IMMEDIATE");
        Commit = Prepare("COMMIT");
        Rollback = Prepare("ROLLBACK");
        Checkpoint = Prepare("PRAGMA wal_checkpoint(PASSIVE)");
        InsertEvent = Prepare(
            "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid, origin_key) " +
            "VALUES (?1, 0, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        InsertTag = Prepare("INSERT INTO tags (ordering_id, tag, sequence_nr, persistence_id) VALUES (?4, ?1, ?2, ?3)");
        SelectHead = Prepare("SELECT MAX(sequence_number) FROM journal WHERE persistence_id = ?1");
        SelectAt = Prepare("SELECT writer_uuid, created, message FROM journal WHERE persistence_id = ?1 AND sequence_number = ?2");
        OriginKeyExists = Prepare("SELECT 1 FROM journal WHERE origin_key = ?1");
        InsertOrigin = Prepare("INSERT INTO replication_origins (writer_uuid, node, own, contiguous, first_seen) VALUES (?1, ?2, ?3, ?4, ?5)");
        UpdateOrigin = Prepare("UPDATE replication_origins SET contiguous = ?2 WHERE id = ?1");
        SelectOwnRange = Prepare("SELECT persistence_id, sequence_number FROM journal WHERE origin_key BETWEEN ?1 AND ?2 ORDER BY origin_key");
        MoveToConflicts = Prepare(
            "INSERT INTO replication_conflicts (detected_at, persistence_id, sequence_number, created, writer_uuid, origin_node, manifest, " +
            "identifier, message, tags, reason, kept_writer, kept_created) " +
            "SELECT ?3, j.persistence_id, j.sequence_number, j.created, j.writer_uuid, o.node, j.manifest, j.identifier, j.message, " +
            "(SELECT group_concat(t.tag, char(31)) FROM tags t WHERE t.ordering_id = j.ordering), ?4, ?5, ?6 " +
            "FROM journal j LEFT JOIN replication_origins o ON o.id = (j.origin_key >> 40) " +
            "WHERE j.persistence_id = ?1 AND j.sequence_number >= ?2");
        DeleteTagsFrom = Prepare("DELETE FROM tags WHERE persistence_id = ?1 AND sequence_nr >= ?2");
        DeleteEventsFrom = Prepare("DELETE FROM journal WHERE persistence_id = ?1 AND sequence_number >= ?2");
        DeleteSnapshotsFrom = Prepare("DELETE FROM snapshot WHERE persistence_id = ?1 AND sequence_number >= ?2");
        InsertRefused = Prepare(
            "INSERT INTO replication_conflicts (detected_at, persistence_id, sequence_number, created, writer_uuid, origin_node, manifest, " +
            "identifier, message, tags, reason, kept_writer, kept_created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
        SelectHistory = Prepare("SELECT message, identifier, manifest FROM journal WHERE persistence_id = ?1 ORDER BY sequence_number");
        MaxConflictId = Prepare("SELECT MAX(id) FROM replication_conflicts");
    }

    public sqlite3_stmt Begin { get; }
    public sqlite3_stmt Commit { get; }
    public sqlite3_stmt Rollback { get; }
    public sqlite3_stmt Checkpoint { get; }
    public sqlite3_stmt InsertEvent { get; }
    public sqlite3_stmt InsertTag { get; }
    public sqlite3_stmt SelectHead { get; }
    public sqlite3_stmt SelectAt { get; }
    public sqlite3_stmt OriginKeyExists { get; }
    public sqlite3_stmt InsertOrigin { get; }
    public sqlite3_stmt UpdateOrigin { get; }
    public sqlite3_stmt SelectOwnRange { get; }
    public sqlite3_stmt MoveToConflicts { get; }
    public sqlite3_stmt DeleteTagsFrom { get; }
    public sqlite3_stmt DeleteEventsFrom { get; }
    public sqlite3_stmt DeleteSnapshotsFrom { get; }
    public sqlite3_stmt InsertRefused { get; }
    public sqlite3_stmt SelectHistory { get; }
    public sqlite3_stmt MaxConflictId { get; }

    public long LastInsertRowId => raw.sqlite3_last_insert_rowid(_connection.Handle);

    /// <summary>Rows the last statement inserted, changed or deleted.</summary>
    public int Changes => raw.sqlite3_changes(_connection.Handle);

    /// <summary>Runs a statement that returns no rows (or ignores them) and resets it.</summary>
    public void Run(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        while (rc == raw.SQLITE_ROW)
            rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE)
            throw Failure(rc);
    }

    /// <summary>Steps to the next row; false when there is none (the statement is then reset).</summary>
    public bool Next(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        if (rc == raw.SQLITE_ROW)
            return true;
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE)
            throw Failure(rc);
        return false;
    }

    /// <summary>The first column of the first row as a number; null when there is no row or the value is NULL.</summary>
    public long? Long(sqlite3_stmt statement)
    {
        if (!Next(statement))
            return null;
        long? value = raw.sqlite3_column_type(statement, 0) == raw.SQLITE_NULL ? null : raw.sqlite3_column_int64(statement, 0);
        raw.sqlite3_reset(statement);
        return value;
    }

    public static void Bind(sqlite3_stmt statement, int index, string? value)
    {
        if (value is null)
            raw.sqlite3_bind_null(statement, index);
        else
            raw.sqlite3_bind_text(statement, index, value);
    }

    public static void Bind(sqlite3_stmt statement, int index, long value) => raw.sqlite3_bind_int64(statement, index, value);

    public static void Bind(sqlite3_stmt statement, int index, byte[] value) => raw.sqlite3_bind_blob(statement, index, value);

    public static string? Text(sqlite3_stmt statement, int column) =>
        raw.sqlite3_column_type(statement, column) == raw.SQLITE_NULL ? null : raw.sqlite3_column_text(statement, column).utf8_to_string();

    public static byte[] Blob(sqlite3_stmt statement, int column) => raw.sqlite3_column_blob(statement, column).ToArray();

    public void Dispose()
    {
        foreach (var statement in _all)
            statement.Dispose();
    }

    private sqlite3_stmt Prepare(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(_connection.Handle, sql, out var statement);
        if (rc != raw.SQLITE_OK)
            throw new SqliteException($"SQLite could not prepare '{sql}': {raw.sqlite3_errmsg(_connection.Handle).utf8_to_string()}", rc);
        _all.Add(statement);
        return statement;
    }

    private SqliteException Failure(int rc) =>
        new($"SQLite write failed: {raw.sqlite3_errmsg(_connection.Handle).utf8_to_string()}", rc);
}
