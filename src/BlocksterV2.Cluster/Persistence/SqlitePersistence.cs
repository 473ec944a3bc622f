using Akka.Hosting;
using Akka.Persistence.Sql.Config;
using LinqToDB;
using Microsoft.Data.Sqlite;

namespace BlocksterV2.Cluster.Persistence;

/// <summary>
/// Akka.Persistence.Sql on one SQLite file per node: journal, snapshots and the tag table under the data
/// directory. The plugins' HOCON is in <see cref="Hosting.BuxHocon.SqlPersistence"/> (why not the plugin's Hosting
/// package is said there).
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

    /// <summary>
    /// The plugins' connections (linq2db options with <see cref="SqlitePragmas"/> on every connection they open); the
    /// plugins themselves are configured in <see cref="Hosting.BuxHocon.SqlPersistence"/>.
    /// </summary>
    public static AkkaConfigurationBuilder WithSqliteConnections(this AkkaConfigurationBuilder builder, string connectionString)
    {
        var dataOptions = new DataOptions()
            .UseConnectionString(ProviderName.SQLiteMS, connectionString)
            .UseInterceptor(new SqlitePragmas());
        var setup = new MultiDataOptionsSetup();
        setup.AddDataOptions(JournalPluginId, dataOptions);
        setup.AddDataOptions(SnapshotPluginId, dataOptions);
        setup.AddDataOptions(QueryPluginId, dataOptions);

        return builder.AddSetup(setup);
    }
}
