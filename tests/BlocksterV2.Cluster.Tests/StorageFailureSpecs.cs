using BlocksterV2.Cluster.Entities;
using BlocksterV2.Domain;
using BlocksterV2.Domain.Posts;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.Tests;

/// <summary>
/// When SQLite refuses a write the caller hears it at once (a StorageUnavailable rejection, 503 over HTTP)
/// instead of waiting for a timeout, nothing changes, and the entity works again once the storage does.
/// </summary>
public sealed class StorageFailureSpecs : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task A_write_the_database_refuses_is_rejected_at_once_and_changes_nothing()
    {
        var node = new BuxNodeKit(BuxNodeKit.LocalOptions("storage-failure-spec"), _db.ConnectionString);
        await node.InitializeAsync();
        try
        {
            await node.AskUser<UserBuxPoints>(new CreditUser("fragile", 10, null, "first"));
            await node.AskPost<PostBuxPoints>(new DepositToPost("fragile-post", 50, null));

            _db.Execute("ALTER TABLE journal RENAME TO journal_unavailable;");
            var refusedCredit = await node.RejectedByUser(new CreditUser("fragile", 5, null, "second"), RejectionCode.StorageUnavailable);
            var refusedDeposit = await node.RejectedByPost(new DepositToPost("fragile-post", 5, null), RejectionCode.StorageUnavailable);
            Assert.Contains("nothing was changed", refusedCredit.Reason);
            Assert.Contains("journal", refusedDeposit.Reason);

            _db.Execute("ALTER TABLE journal_unavailable RENAME TO journal;");
            var retried = await node.AskUser<UserBuxPoints>(new CreditUser("fragile", 5, null, "second"));
            Assert.Equal((15L, 2L), (retried.BuxBalance, retried.Version));
            Assert.Equal(50, (await node.AskPost<PostBuxPoints>(new GetPost("fragile-post"))).BuxBalance);
            Assert.Equal(2, _db.Scalar<long>("SELECT COUNT(*) FROM journal WHERE persistence_id = $id;", ("$id", PersistenceIds.User("fragile"))));
        }
        finally
        {
            await node.DisposeAsync();
        }
    }
}
