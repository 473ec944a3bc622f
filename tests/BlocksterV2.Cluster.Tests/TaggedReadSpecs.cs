using BlocksterV2.Cluster.Entities;
using BlocksterV2.Cluster.Persistence;
using BlocksterV2.Domain.Posts;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.Tests;

/// <summary>
/// The startup read behind the pending-reward resumer: every event with a tag, in the order written, straight from
/// the journal's tables (no query journal, which would poll the journal for as long as the node runs).
/// </summary>
public sealed class TaggedReadSpecs : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public void A_database_the_journal_never_initialized_has_no_tagged_events()
    {
        var seen = new List<TaggedEvent>();
        SqliteEventReader.ReadTagged(_db.ConnectionString, PostBuxActor.ReadRewardTag, seen.Add);
        Assert.Empty(seen);
    }

    [Fact]
    public async Task Rewarded_reads_come_back_in_the_order_written_with_their_posts_and_nothing_untagged()
    {
        var node = new BuxNodeKit(BuxNodeKit.LocalOptions("tagged-read-spec"), _db.ConnectionString);
        await node.InitializeAsync();
        try
        {
            await node.AskPost<PostBuxPoints>(new ConfigurePost("story", 5, 10, null));
            await node.AskPost<PostBuxPoints>(new DepositToPost("story", 100, null));
            await node.AskUser<UserBuxPoints>(new CreditUser("bob", 1, null, null));
            await node.AskPost<ReadRewarded>(new RewardRead("story", "alice", 20, null));
            await node.AskPost<ReadRewarded>(new RewardRead("story", "bob", 20, null));

            var seen = new List<(string PersistenceId, object Event)>();
            SqliteEventReader.ReadTagged(_db.ConnectionString, PostBuxActor.ReadRewardTag, stored =>
                seen.Add((stored.PersistenceId, node.Sys.Serialization.Deserialize(stored.Message, stored.SerializerId, stored.Manifest))));

            Assert.All(seen, e => Assert.Equal(PersistenceIds.Post("story"), e.PersistenceId));
            Assert.Equal(
                [(typeof(ReadRewardReserved), "alice"), (typeof(ReadRewardSettled), "alice"), (typeof(ReadRewardReserved), "bob"), (typeof(ReadRewardSettled), "bob")],
                seen.Select(e => (e.Event.GetType(), e.Event switch
                {
                    ReadRewardReserved r => r.UserId,
                    ReadRewardSettled s => s.UserId,
                    _ => "",
                })).ToList());
        }
        finally
        {
            await node.DisposeAsync();
        }
    }
}
