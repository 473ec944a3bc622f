using BlocksterV2.Cluster.Entities;
using BlocksterV2.Cluster.Persistence;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.Tests;

public class SqlitePersistenceSpecs
{
    [Fact]
    public void Prepare_creates_the_database_in_wal_mode()
    {
        using var db = new TempDatabase();
        Assert.True(File.Exists(db.FilePath));
        Assert.Contains(db.FilePath, db.ConnectionString);
        // journal_mode=WAL is stored in the file: a fresh connection that sets nothing still reports it.
        Assert.Equal("wal", db.Scalar<string>("PRAGMA journal_mode;"), ignoreCase: true);
    }

    [Fact]
    public void Prepare_on_an_existing_database_keeps_its_data()
    {
        using var db = new TempDatabase();
        db.Execute("CREATE TABLE kept (v INTEGER); INSERT INTO kept VALUES (42);");
        var again = SqlitePersistence.Prepare(db.Directory);
        Assert.Equal(db.ConnectionString, again);
        Assert.Equal(42L, db.Scalar<long>("SELECT v FROM kept;"));
        Assert.Equal("wal", db.Scalar<string>("PRAGMA journal_mode;"), ignoreCase: true);
    }

    [Fact]
    public void The_connection_pragmas_make_commits_durable_without_a_full_sync()
    {
        using var db = new TempDatabase();
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = SqlitePragmas.Statement;
        command.ExecuteNonQuery();
        command.CommandText = "PRAGMA synchronous;";
        Assert.Equal(1L, (long)command.ExecuteScalar()!); // 1 = NORMAL
        command.CommandText = "PRAGMA busy_timeout;";
        Assert.True((long)command.ExecuteScalar()! > 0);
    }

    [Fact]
    public async Task The_journal_runs_without_a_per_write_call_timeout_and_stores_a_credit()
    {
        using var db = new TempDatabase();
        var node = new BuxNodeKit(BuxNodeKit.LocalOptions("journal-config-spec"), db.ConnectionString);
        await node.InitializeAsync();
        try
        {
            var breaker = node.Sys.Settings.Config.GetConfig(SqlitePersistence.JournalPluginId + ".circuit-breaker");
            Assert.Equal(Timeout.InfiniteTimeSpan, breaker.GetTimeSpan("call-timeout", null, allowInfinite: true));

            var credited = await node.AskUser<UserBuxPoints>(new CreditUser("carol", 7, null, null));
            Assert.Equal((7L, 1L), (credited.BuxBalance, credited.Version));
            Assert.Equal(1L, db.Scalar<long>("SELECT count(*) FROM journal WHERE persistence_id = $p", ("$p", PersistenceIds.User("carol"))));
        }
        finally
        {
            await node.DisposeAsync();
        }
    }
}
