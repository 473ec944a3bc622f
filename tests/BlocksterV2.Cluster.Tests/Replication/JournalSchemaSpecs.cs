using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using BlocksterV2.Cluster.Persistence;
using Microsoft.Data.Sqlite;

namespace BlocksterV2.Cluster.Tests.Replication;

/// <summary>
/// The node creates the SQL plugin's tables itself (and adds what replication needs): they must be the plugin's own,
/// column for column, or its snapshot store and queries would break. A database from before replication is upgraded.
/// </summary>
public sealed class JournalSchemaSpecs : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bux-schema-spec-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_plugin_tables_are_created_column_for_column_and_index_for_index_as_the_plugin_creates_them()
    {
        var byPlugin = await DatabaseInitializedByThePluginAlone();
        var ours = Path.Combine(_directory, "ours.db");
        using (var connection = Open(ours))
            JournalSchema.Ensure(connection);

        foreach (var table in new[] { "journal", "snapshot", "tags" })
        {
            Assert.Equal(Columns(byPlugin, table), Columns(ours, table).Where(c => !c.StartsWith("origin_key", StringComparison.Ordinal)));
            // the two secondary indexes of the journal that no query uses are dropped on purpose (see JournalSchema)
            Assert.Equal(Indexes(byPlugin, table).Except(["journal_created_idx", "journal_sequence_number_idx"]),
                Indexes(ours, table).Except(["journal_origin_idx"]));
        }
    }

    [Fact]
    public void A_database_written_before_replication_numbers_its_events_under_its_own_origins()
    {
        var path = Path.Combine(_directory, "old.db");
        using (var connection = Open(path))
        {
            Execute(connection, JournalSchema.PluginTables);
            Execute(connection, """
                INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid) VALUES
                  (1, 0, 'user_bux_points|a', 1, x'00', 'm', 4242, 'start-1'),
                  (2, 0, 'user_bux_points|b', 1, x'00', 'm', 4242, 'start-1'),
                  (3, 0, 'user_bux_points|a', 2, x'00', 'm', 4242, 'start-2'),
                  (4, 0, 'user_bux_points|a', 3, x'00', 'm', 4242, 'start-1');
                """);
            JournalSchema.Ensure(connection);
            JournalSchema.Ensure(connection);
        }

        using var read = Open(path);
        var numbered = Rows(read, "SELECT o.writer_uuid || ':' || (j.origin_key & 1099511627775) FROM journal j JOIN replication_origins o ON o.id = (j.origin_key >> 40) ORDER BY j.ordering");
        Assert.Equal(["start-1:1", "start-1:2", "start-2:1", "start-1:3"], numbered);
        Assert.Equal(["start-1 own=1 contiguous=3", "start-2 own=1 contiguous=1"],
            Rows(read, "SELECT writer_uuid || ' own=' || own || ' contiguous=' || contiguous FROM replication_origins ORDER BY writer_uuid"));
    }

    /// <summary>An actor system with the plugin's own journal and snapshot store (no node code) persists one event.</summary>
    private async Task<string> DatabaseInitializedByThePluginAlone()
    {
        var path = Path.Combine(_directory, "plugin.db");
        var connectionString = $"Data Source={path}";
        var config = ConfigurationFactory.ParseString($$"""
            akka.persistence.journal.plugin = "akka.persistence.journal.sql"
            akka.persistence.journal.sql {
              class = "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql"
              connection-string = "{{connectionString}}"
              provider-name = "SQLite.MS"
              auto-initialize = on
            }
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.sql"
            akka.persistence.snapshot-store.sql {
              class = "Akka.Persistence.Sql.Snapshot.SqlSnapshotStore, Akka.Persistence.Sql"
              connection-string = "{{connectionString}}"
              provider-name = "SQLite.MS"
              auto-initialize = on
            }
            """);
        var system = ActorSystem.Create("plugin-schema-spec", config);
        try
        {
            var actor = system.ActorOf(Props.Create(() => new OneEvent()));
            Assert.Equal("persisted", await actor.Ask<string>("persist", TimeSpan.FromSeconds(30)));
            Assert.Equal("saved", await actor.Ask<string>("snapshot", TimeSpan.FromSeconds(30)));
        }
        finally
        {
            await system.Terminate();
        }
        return path;
    }

    private sealed class OneEvent : ReceivePersistentActor
    {
        private IActorRef? _asker;

        public OneEvent()
        {
            Command<string>(command =>
            {
                if (command == "persist")
                    Persist("event", _ => Sender.Tell("persisted"));
                else
                {
                    _asker = Sender;
                    SaveSnapshot("state");
                }
            });
            Command<SaveSnapshotSuccess>(_ => _asker!.Tell("saved"));
        }

        public override string PersistenceId => "schema-spec";
    }

    private static List<string> Columns(string path, string table)
    {
        using var connection = Open(path);
        return Rows(connection, $"SELECT name || ' ' || upper(type) || ' notnull=' || \"notnull\" || ' pk=' || pk FROM pragma_table_info('{table}') ORDER BY cid");
    }

    private static List<string> Indexes(string path, string table)
    {
        using var connection = Open(path);
        return Rows(connection, $"SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = '{table}' AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name");
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static List<string> Rows(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(reader.GetString(0));
        return rows;
    }
}
