using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using BlocksterV2.Cluster.Entities;
using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Domain.Posts;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.Tests.LocalTableSpecs;

/// <summary>
/// A SQLite node's tables survive a restart: the second life loads them from the checkpoint its first life wrote at
/// a clean stop plus the journal after it, or from the whole journal when the checkpoint is missing or damaged, and
/// they equal the entities again. The node log says which way it went.
/// </summary>
public sealed class TablesReloadSpecs : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private string CheckpointPath => Path.Combine(_db.Directory, TableCheckpoint.FileName);

    /// <summary>A node that keeps its log lines, subscribed before the tables load so it hears how they did.</summary>
    private sealed class RecordingNode(string connectionString) : BuxNodeKit(LocalOptions("reload-spec"), connectionString)
    {
        public ConcurrentQueue<string> LogLines { get; } = new();

        public string LoadedLine => LogLines.SingleOrDefault(l => l.StartsWith("Local tables loaded:", StringComparison.Ordinal))
                                    ?? throw new Xunit.Sdk.XunitException("no 'Local tables loaded' line in the node log:\n" + string.Join('\n', LogLines));

        protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider)
        {
            // registered before the node's own startup, which loads the tables
            builder.AddStartup((system, _) =>
                system.EventStream.Subscribe(system.ActorOf(Props.Create(() => new LogRecorder(LogLines)), "log-recorder"), typeof(LogEvent)));
            base.ConfigureAkka(builder, provider);
        }
    }

    private sealed class LogRecorder : ReceiveActor
    {
        public LogRecorder(ConcurrentQueue<string> lines) => Receive<LogEvent>(e => lines.Enqueue(e.Message?.ToString() ?? ""));
    }

    private async Task<T> Life<T>(Func<RecordingNode, Task<T>> body)
    {
        var node = new RecordingNode(_db.ConnectionString);
        await node.InitializeAsync();
        try
        {
            return await body(node);
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    private sealed record Before(HashSet<string> UserIds, HashSet<string> PostIds, List<UserBuxPoints> Users, List<PostBuxPoints> Posts);

    /// <summary>A life with random traffic; its live tables must already agree with the entities.</summary>
    private Task<Before> LifeWithTraffic(int seed, Before? earlier = null) => Life(async node =>
    {
        var traffic = new EntityTraffic(node, seed);
        await traffic.Run(operations: 80);
        var userIds = traffic.Users.Union(earlier?.UserIds ?? []).ToHashSet();
        var postIds = traffic.Posts.Union(earlier?.PostIds ?? []).ToHashSet();
        var (users, posts) = await TablesAgree.WithEntities(node, userIds, postIds);
        return new Before(userIds, postIds, users, posts);
    });

    /// <summary>A second life: before anything writes, the loaded tables equal both the entities and the first life's state.</summary>
    private Task<string> LifeThatChecks(Before before, Action<RecordingNode>? alsoCheck = null) => Life(async node =>
    {
        var (users, posts) = await TablesAgree.WithEntities(node, before.UserIds, before.PostIds);
        Assert.Equal(before.Users, users);
        Assert.Equal(before.Posts, posts);
        alsoCheck?.Invoke(node);
        return node.LoadedLine;
    });

    private long BuxEventsAfter(long position) =>
        _db.Scalar<long>("SELECT COUNT(*) FROM journal WHERE ordering > $p AND (substr(persistence_id, 1, 16) IN ($u, $q))",
            ("$p", position), ("$u", PersistenceIds.UserPrefix), ("$q", PersistenceIds.PostPrefix));

    [Fact]
    public async Task Without_a_checkpoint_the_tables_are_rebuilt_from_the_whole_journal()
    {
        var before = await LifeWithTraffic(seed: 1);
        Assert.True(File.Exists(CheckpointPath), "a clean stop writes a checkpoint");
        File.Delete(CheckpointPath);

        var loaded = await LifeThatChecks(before, node => Assert.Null(node.Tables.LastCheckpoint));

        Assert.Contains($"all {BuxEventsAfter(0)} events of the journal (no checkpoint yet)", loaded);
    }

    [Fact]
    public async Task A_checkpoint_and_the_journal_after_it_rebuild_the_tables()
    {
        var first = await LifeWithTraffic(seed: 2);
        var saved = File.ReadAllBytes(CheckpointPath);
        var position = TableCheckpoint.TryRead(CheckpointPath, out _)!.Position;
        Assert.True(position > 0);

        // a second life writes more, then its newer checkpoint is swapped for the first: those writes are the tail
        var second = await LifeWithTraffic(seed: 3, earlier: first);
        File.WriteAllBytes(CheckpointPath, saved);
        var tail = BuxEventsAfter(position);
        Assert.True(tail > 0, "the second life wrote events after the first checkpoint");

        var loaded = await LifeThatChecks(second, node => Assert.Equal(position, node.Tables.LastCheckpoint?.Position));

        Assert.Contains($"the checkpoint at journal position {position}, then the {tail} events stored after it", loaded);
    }

    [Fact]
    public async Task A_damaged_checkpoint_is_ignored_and_the_whole_journal_replayed()
    {
        var before = await LifeWithTraffic(seed: 4);
        var bytes = File.ReadAllBytes(CheckpointPath);
        bytes[bytes.Length / 2] ^= 0x01; // one bit, somewhere in the rows: it may still parse as a wrong value
        File.WriteAllBytes(CheckpointPath, bytes);

        var loaded = await LifeThatChecks(before, node => Assert.Null(node.Tables.LastCheckpoint));

        Assert.Contains($"all {BuxEventsAfter(0)} events of the journal (", loaded);
        Assert.Contains("damaged", loaded);
    }

    [Fact]
    public async Task A_checkpoint_left_behind_by_a_deleted_database_is_not_loaded()
    {
        await LifeWithTraffic(seed: 5);
        Assert.True(File.Exists(CheckpointPath));

        // the operator starts over: the database goes, the checkpoint next to it stays
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(_db.Directory, Persistence.SqlitePersistence.DatabaseFileName + "*"))
            File.Delete(file);
        Persistence.SqlitePersistence.Prepare(_db.Directory);

        var loaded = await Life(async node =>
        {
            Assert.Equal((0, 0), (node.Tables.Users.Count, node.Tables.Posts.Count));
            // and new events, at positions the old checkpoint already covered, still reach the table
            var credited = await node.AskUser<UserBuxPoints>(new CreditUser("alice", 5, null, null));
            TablesAgree.AssertSameUser(credited, node.Tables.Users.Get("alice")!.ToRecord());
            await TablesAgree.WithEntities(node, ["alice"], []);
            return node.LoadedLine;
        });

        Assert.Contains("all 0 events of the journal (the checkpoint is at journal position", loaded);
    }

    [Fact]
    public async Task An_acknowledged_credit_is_in_the_local_table_when_the_reply_arrives() => await Life(async node =>
    {
        // SQLite path: the writer thread applies committed events to the tables before it completes the write.
        for (var i = 1; i <= 100; i++)
        {
            var id = $"fresh:{i % 5}";
            var credited = await node.AskUser<UserBuxPoints>(new CreditUser(id, i, null, null));
            var row = node.Tables.Users.Get(id);
            Assert.True(row is not null, $"credit {i}: {id} not in the table right after the reply");
            TablesAgree.AssertSameUser(credited, row.ToRecord());
        }
        Assert.True(node.Tables.AppliedPosition >= 100);
        return true;
    });
}
