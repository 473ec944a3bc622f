using BlocksterV2.Cluster.Entities;
using BlocksterV2.Domain;
using BlocksterV2.Domain.Posts;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.Tests;

/// <summary>
/// State survives the entity: a node writes to a SQLite file, stops (its whole ActorSystem), and a second node
/// on the same file answers with the same state, rebuilt from the events or from a snapshot plus the events after it.
/// </summary>
public sealed class RestoreSpecs : IDisposable
{
    private const string Wallet = TestData.Wallet;
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private async Task<T> WithNode<T>(int snapshotEvery, Func<BuxNodeKit, Task<T>> body)
    {
        var node = new BuxNodeKit(BuxNodeKit.LocalOptions("restore-spec", snapshotEvery), _db.ConnectionString);
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

    private long Rows(string table, string persistenceId) =>
        _db.Scalar<long>($"SELECT COUNT(*) FROM {table} WHERE persistence_id = $id;", ("$id", persistenceId));

    [Fact]
    public async Task A_restarted_node_rebuilds_users_and_posts_from_their_events()
    {
        var credit = new CreditUser("alice", 100, "signup", "credit-1");
        var read = new RewardRead("story", "alice", 40, "read-1");

        var (userBefore, postBefore, rewarded, afterCredit, afterDeposit) = await WithNode(snapshotEvery: 1000, async node =>
        {
            var afterCredit = await node.AskUser<UserBuxPoints>(credit);
            await node.AskUser<UserBuxPoints>(new DebitUser("alice", 30, null, null));
            await node.AskUser<UserBuxPoints>(new SetUserWallet("alice", Wallet, null));
            await node.AskPost<PostBuxPoints>(new ConfigurePost("story", 10, 30, null));
            var afterDeposit = await node.AskPost<PostBuxPoints>(new DepositToPost("story", 100, "deposit-1"));
            var rewarded = await node.AskPost<ReadRewarded>(read);
            return (await node.AskUser<UserBuxPoints>(new GetUser("alice")), await node.AskPost<PostBuxPoints>(new GetPost("story")),
                rewarded, afterCredit, afterDeposit);
        });
        Assert.Equal((80L, 4L), (userBefore.BuxBalance, userBefore.Version));
        Assert.Equal(4, Rows("journal", PersistenceIds.User("alice")));
        Assert.Equal(4, Rows("journal", PersistenceIds.Post("story")));
        Assert.Equal(0, Rows("snapshot", PersistenceIds.User("alice")));
        Assert.Equal(0, Rows("snapshot", PersistenceIds.Post("story")));

        await WithNode(snapshotEvery: 1000, async node =>
        {
            Assert.Equal(userBefore, await node.AskUser<UserBuxPoints>(new GetUser("alice")));
            Assert.Equal(postBefore, await node.AskPost<PostBuxPoints>(new GetPost("story")));

            // Idempotency keys, rewarded readers and finished transfers came back too.
            Assert.Equal(afterCredit, await node.AskUser<UserBuxPoints>(credit));
            Assert.Equal(rewarded, await node.AskPost<ReadRewarded>(read));
            await node.RejectedByPost(new RewardRead("story", "alice", 50, "read-2"), RejectionCode.AlreadyRewarded);
            Assert.Equal(afterDeposit, await node.AskPost<PostBuxPoints>(new DepositToPost("story", 100, "deposit-1")));
            Assert.Equal(postBefore, await node.AskPost<PostBuxPoints>(new GetPost("story")));
            Assert.Equal(userBefore, await node.AskUser<UserBuxPoints>(new GetUser("alice")));

            // And the record goes on from where it was.
            var next = await node.AskUser<UserBuxPoints>(new CreditUser("alice", 5, null, null));
            Assert.Equal((userBefore.BuxBalance + 5, userBefore.Version + 1, userBefore.CreatedAt), (next.BuxBalance, next.Version, next.CreatedAt));
            return true;
        });
        Assert.Equal(5, Rows("journal", PersistenceIds.User("alice")));
    }

    [Fact]
    public async Task A_restarted_node_rebuilds_from_the_latest_snapshot_and_the_events_after_it()
    {
        const int snapshotEvery = 3;
        var userId = PersistenceIds.User("sam");
        var postId = PersistenceIds.Post("snap-post");

        var (userBefore, postBefore, secondCredit) = await WithNode(snapshotEvery, async node =>
        {
            UserBuxPoints? second = null;
            for (var i = 1; i <= 7; i++)
            {
                var record = await node.AskUser<UserBuxPoints>(new CreditUser("sam", 10, null, $"sam-{i}"));
                if (i == 2)
                    second = record;
            }
            await node.AskPost<PostBuxPoints>(new ConfigurePost("snap-post", 10, 0, null));
            for (var i = 1; i <= 6; i++)
                await node.AskPost<PostBuxPoints>(new DepositToPost("snap-post", 100, null));

            // Snapshots are saved after the reply: wait until the latest one (at event 6) is in the file.
            await node.AwaitAssertAsync(() =>
            {
                Assert.Equal(6L, _db.Scalar<long>("SELECT COALESCE(MAX(sequence_number), 0) FROM snapshot WHERE persistence_id = $id;", ("$id", userId)));
                Assert.Equal(6L, _db.Scalar<long>("SELECT COALESCE(MAX(sequence_number), 0) FROM snapshot WHERE persistence_id = $id;", ("$id", postId)));
            }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));

            return (await node.AskUser<UserBuxPoints>(new GetUser("sam")), await node.AskPost<PostBuxPoints>(new GetPost("snap-post")), second!);
        });
        Assert.Equal((70L, 7L), (userBefore.BuxBalance, userBefore.Version));
        Assert.Equal((600L, 7L), (postBefore.BuxBalance, postBefore.Version));
        Assert.True(Rows("snapshot", userId) >= 1);
        Assert.True(Rows("snapshot", postId) >= 1);
        Assert.Equal(7, Rows("journal", userId));

        // Make the user's events up to the snapshot unreadable: recovery succeeds only if it starts from the snapshot.
        Assert.Equal(6, _db.Execute("UPDATE journal SET manifest = 'unreadable.v0' WHERE persistence_id = $id AND sequence_number <= 6;", ("$id", userId)));

        await WithNode(snapshotEvery, async node =>
        {
            Assert.Equal(userBefore, await node.AskUser<UserBuxPoints>(new GetUser("sam")));
            Assert.Equal(postBefore, await node.AskPost<PostBuxPoints>(new GetPost("snap-post")));

            // A key remembered before the snapshot still replays its first result.
            Assert.Equal(secondCredit, await node.AskUser<UserBuxPoints>(new CreditUser("sam", 10, null, "sam-2")));
            var next = await node.AskUser<UserBuxPoints>(new CreditUser("sam", 10, null, "sam-8"));
            Assert.Equal((80L, 8L), (next.BuxBalance, next.Version));
            return true;
        });
    }
}
