using Akka.Hosting;
using Akka.Persistence.Sql.Config;
using LinqToDB;
using Microsoft.Data.Sqlite;

namespace BlocksterV2.Cluster.Persistence;

/// <summary>
/// Akka.Persistence.Sql on one SQLite file per node: journal, snapshots and the tag table under the data
/// directory. Configured through HOCON (the plugin's Hosting package is not available here) with the
/// plugin's <c>class</c> keys given explicitly.
/// </summary>
public static class SqlitePersistence
{
    public const string JournalPluginId = "akka.persistence.journal.sql";
    public const string SnapshotPluginId = "akka.persistence.snapshot-store.sql";
    public const string QueryPluginId = "akka.persistence.query.journal.sql";
    public const string DatabaseFileName = "bux.db";

    /// <summary>
    /// Creates the directory and the database in WAL mode (a setting stored in the file itself), with the tables of
    /// <see cref="JournalSchema"/> (upgrading a database from before replication).
    /// </summary>
    public static string Prepare(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, DatabaseFileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        var mode = (string?)command.ExecuteScalar();
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"SQLite refused WAL mode for {connection.DataSource} (journal_mode is '{mode}')");
        JournalSchema.Ensure(connection);
        return connectionString;
    }

    public static AkkaConfigurationBuilder WithSqlitePersistence(this AkkaConfigurationBuilder builder, string connectionString, JournalTuning tuning)
    {
        var dataOptions = new DataOptions()
            .UseConnectionString(ProviderName.SQLiteMS, connectionString)
            .UseInterceptor(new SqlitePragmas());
        var setup = new MultiDataOptionsSetup();
        setup.AddDataOptions(JournalPluginId, dataOptions);
        setup.AddDataOptions(SnapshotPluginId, dataOptions);
        setup.AddDataOptions(QueryPluginId, dataOptions);

        return builder
            .AddSetup(setup)
            .AddHocon(Hocon(connectionString, tuning), HoconAddMode.Prepend);
    }

    private static string Hocon(string connectionString, JournalTuning tuning) => $$"""
        akka.persistence {
          journal {
            plugin = "{{JournalPluginId}}"
            sql {
              class = "BlocksterV2.Cluster.Persistence.BuxSqlJournal, BlocksterV2.Cluster"
              plugin-dispatcher = "akka.actor.default-dispatcher"
              connection-string = "{{Escape(connectionString)}}"
              provider-name = "{{ProviderName.SQLiteMS}}"
              auto-initialize = on
              # events are written by BuxSqlJournal's own writer; this is its largest transaction
              batch-size = {{tuning.BatchSize}}
              # No call timeout on the journal's circuit breaker: the writer bounds a write itself (its commit, then
              # each member's ack within Bux:Replication:AckTimeout), a timed-out write would not be cancelled (the
              # entity's recovery waits for it all the same), and the timeout cost a timer and ~400 B on every write
              # (docs/benchmarks.md). Failures still count toward opening the breaker (Akka's max-failures).
              circuit-breaker.call-timeout = infinite
              use-clone-connection = off
              # Microsoft.Data.Sqlite begins every other transaction IMMEDIATE, taking the write lock;
              # read-uncommitted makes reads deferred (in WAL mode they still see only committed data)
              read-isolation-level = read-uncommitted
            }
          }
          snapshot-store {
            plugin = "{{SnapshotPluginId}}"
            sql {
              class = "BlocksterV2.Cluster.Persistence.BuxSqlSnapshotStore, BlocksterV2.Cluster"
              plugin-dispatcher = "akka.actor.default-dispatcher"
              connection-string = "{{Escape(connectionString)}}"
              provider-name = "{{ProviderName.SQLiteMS}}"
              auto-initialize = on
              use-clone-connection = off
              read-isolation-level = read-uncommitted
            }
          }
          query.journal.sql {
            class = "Akka.Persistence.Sql.Query.SqlReadJournalProvider, Akka.Persistence.Sql"
            write-plugin = "{{JournalPluginId}}"
            connection-string = "{{Escape(connectionString)}}"
            provider-name = "{{ProviderName.SQLiteMS}}"
            read-isolation-level = read-uncommitted
          }
        }
        """;

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
