using BlocksterV2.Cluster.Persistence;

namespace BlocksterV2.Cluster.Tests;

public sealed class SqliteCheckpointerSpecs : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private long WalBytes => new FileInfo(_db.FilePath + "-wal") is { Exists: true } wal ? wal.Length : 0;

    [Fact]
    public async Task Commits_stay_in_the_wal_until_the_checkpointer_copies_them_and_it_empties_the_wal_when_it_stops()
    {
        var failures = new List<Exception>();
        // kept open: closing the last connection would checkpoint the WAL by itself
        using var writer = SqlitePragmas.Open(_db.ConnectionString);
        using (var create = writer.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (v BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO t SELECT randomblob(1000) FROM n;";
            create.ExecuteNonQuery();
        }
        Assert.True(WalBytes > 2_000_000, $"with wal_autocheckpoint=0 the commits stay in the WAL (it has {WalBytes} bytes)");

        var checkpointer = new SqliteCheckpointer(_db.ConnectionString, TimeSpan.FromMilliseconds(20), failures.Add);
        var databaseBytes = new FileInfo(_db.FilePath).Length;
        await Eventually.True(() => new FileInfo(_db.FilePath).Length > 2_000_000, TimeSpan.FromSeconds(10),
            $"the checkpointer to copy the WAL into the database ({databaseBytes} bytes before)");

        checkpointer.Dispose();
        Assert.Equal(0, WalBytes);
        Assert.Equal(2000, _db.Scalar<long>("SELECT COUNT(*) FROM t;"));
        Assert.Empty(failures);
    }
}
