using Microsoft.Data.Sqlite;

namespace BlocksterV2.Cluster.Persistence;

/// <summary>
/// The node's database layout, created before Akka starts: the SQL plugin's three tables exactly as the plugin
/// creates them (so its own auto-initialization finds them and its snapshot store and queries work unchanged),
/// plus what replication needs:
/// <list type="bullet">
/// <item><c>journal.origin_key</c>: where each event was first committed, as <c>origin id &lt;&lt; 40 | origin sequence</c>
/// (the origin is a journal incarnation, one per node start, named by its <c>writer_uuid</c>; its events are numbered
/// 1, 2, 3, ... in commit order), indexed so a peer can be served "origin X after N" incrementally;</item>
/// <item><c>replication_origins</c>: every origin this copy holds events of, and how far without a gap (<c>contiguous</c>);</item>
/// <item><c>replication_conflicts</c>: events moved out of the journal because the cluster never acknowledged them;</item>
/// <item><c>replication_members</c>: the other members this copy ran with, and which of them it saw leave (Mnesia's
/// memory of which nodes went down before it): a node that restarts alone waits for those that may hold newer copies.</item>
/// </list>
/// A database written before replication existed is upgraded in place: its events become its own origins' events.
/// </summary>
public static class JournalSchema
{
    /// <summary>Bits of <c>origin_key</c> that hold the origin sequence; the origin id sits above them.</summary>
    public const int OriginSeqBits = 40;

    public const long OriginSeqMask = (1L << OriginSeqBits) - 1;

    public static long OriginKey(long originId, long originSeq) => (originId << OriginSeqBits) | originSeq;

    /// <summary>The plugin's tables, column for column as Akka.Persistence.Sql 1.5.73 creates them on SQLite (JournalSchemaSpecs pins this).</summary>
    public const string PluginTables = """
        CREATE TABLE IF NOT EXISTS [journal]
        (
        	[ordering]        INTEGER        NOT NULL PRIMARY KEY AUTOINCREMENT,
        	[created]         INTEGER        NOT NULL,
        	[deleted]         Bit            NOT NULL,
        	[persistence_id]  NVarChar(255)  NOT NULL,
        	[sequence_number] INTEGER        NOT NULL,
        	[message]         VarBinary      NOT NULL,
        	[manifest]        NVarChar(500)      NULL,
        	[identifier]      INTEGER            NULL,
        	[writer_uuid]     NVarChar(128)      NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS journal_uq ON journal (persistence_id, sequence_number);
        CREATE TABLE IF NOT EXISTS [snapshot]
        (
        	[persistence_id]  NVarChar(255) NOT NULL,
        	[sequence_number] INTEGER       NOT NULL,
        	[created]         INTEGER       NOT NULL,
        	[snapshot]        VarBinary         NULL,
        	[manifest]        NVarChar(500)     NULL,
        	[serializer_id]   INTEGER           NULL,

        	CONSTRAINT [PK_snapshot] PRIMARY KEY ([persistence_id], [sequence_number])
        );
        CREATE INDEX IF NOT EXISTS snapshot_sequence_number_idx ON snapshot (sequence_number);
        CREATE INDEX IF NOT EXISTS snapshot_created_idx ON snapshot (created);
        CREATE TABLE IF NOT EXISTS [tags]
        (
        	[ordering_id]    INTEGER       NOT NULL,
        	[tag]            NVarChar(64)  NOT NULL,
        	[sequence_nr]    INTEGER       NOT NULL,
        	[persistence_id] NVarChar(255) NOT NULL,

        	CONSTRAINT [PK_tags] PRIMARY KEY ([ordering_id], [tag])
        );
        CREATE INDEX IF NOT EXISTS tags_persistence_id_sequence_nr_idx ON tags (persistence_id, sequence_nr);
        CREATE INDEX IF NOT EXISTS tags_tag_idx ON tags (tag);
        """;

    private const string ReplicationTables = """
        CREATE TABLE IF NOT EXISTS replication_origins
        (
        	id          INTEGER NOT NULL PRIMARY KEY,
        	writer_uuid TEXT    NOT NULL UNIQUE,
        	node        TEXT    NOT NULL,
        	own         INTEGER NOT NULL,
        	contiguous  INTEGER NOT NULL DEFAULT 0,
        	first_seen  INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS replication_conflicts
        (
        	id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        	detected_at     INTEGER NOT NULL,
        	persistence_id  TEXT    NOT NULL,
        	sequence_number INTEGER NOT NULL,
        	created         INTEGER NOT NULL,
        	writer_uuid     TEXT        NULL,
        	origin_node     TEXT        NULL,
        	manifest        TEXT        NULL,
        	identifier      INTEGER     NULL,
        	message         BLOB    NOT NULL,
        	tags            TEXT        NULL,
        	reason          TEXT    NOT NULL,
        	kept_writer     TEXT        NULL,
        	kept_created    INTEGER     NULL
        );
        CREATE INDEX IF NOT EXISTS replication_conflicts_pid_idx ON replication_conflicts (persistence_id, sequence_number);
        CREATE TABLE IF NOT EXISTS replication_members
        (
        	address  TEXT    NOT NULL PRIMARY KEY,
        	present  INTEGER NOT NULL,
        	since    INTEGER NOT NULL
        );
        """;

    /// <summary>Node written by a database from before replication: its events carry no node address.</summary>
    public const string UnknownNode = "(this node, before replication)";

    /// <summary>Creates or upgrades the layout; safe to run on every start.</summary>
    public static void Ensure(SqliteConnection connection)
    {
        Execute(connection, PluginTables);
        // The plugin's schema also indexes `created` and `sequence_number` on their own; none of its queries (all by
        // persistence id or by ordering) use them, and every event would pay for both.
        Execute(connection, "DROP INDEX IF EXISTS journal_created_idx; DROP INDEX IF EXISTS journal_sequence_number_idx;");
        Execute(connection, ReplicationTables);
        if (!HasColumn(connection, "journal", "origin_key"))
        {
            using var upgrade = connection.BeginTransaction();
            Execute(connection, "ALTER TABLE journal ADD COLUMN origin_key INTEGER NULL;", upgrade);
            NumberEventsWrittenBeforeReplication(connection, upgrade);
            upgrade.Commit();
        }
        Execute(connection, "CREATE UNIQUE INDEX IF NOT EXISTS journal_origin_idx ON journal (origin_key);");
    }

    /// <summary>
    /// Every event of a database from before replication was written by this node: each writer uuid becomes an own
    /// origin, its events numbered in commit order.
    /// </summary>
    private static void NumberEventsWrittenBeforeReplication(SqliteConnection connection, SqliteTransaction transaction)
    {
        Execute(connection, $"""
            UPDATE journal SET writer_uuid = 'before-replication' WHERE writer_uuid IS NULL;
            INSERT OR IGNORE INTO replication_origins (writer_uuid, node, own, contiguous, first_seen)
              SELECT writer_uuid, '{UnknownNode}', 1, COUNT(*), MIN(created) FROM journal GROUP BY writer_uuid;
            WITH numbered AS (
              SELECT j.ordering AS ordering,
                     (o.id << {OriginSeqBits}) | ROW_NUMBER() OVER (PARTITION BY j.writer_uuid ORDER BY j.ordering) AS origin_key
              FROM journal j JOIN replication_origins o ON o.writer_uuid = j.writer_uuid)
            UPDATE journal SET origin_key = numbered.origin_key FROM numbered WHERE journal.ordering = numbered.ordering;
            """, transaction);
    }

    private static bool HasColumn(SqliteConnection connection, string table, string column)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM pragma_table_info('{table}') WHERE name = $column";
        command.Parameters.AddWithValue("$column", column);
        return (long)command.ExecuteScalar()! > 0;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
