using BlocksterV2.Domain;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.Tests;

/// <summary>Each user operation, sent through the user shard region of a RAM-only single-node cluster.</summary>
public class UserBuxActorSpecs() : BuxNodeKit(LocalOptions(), connectionString: null)
{
    private const string Wallet = TestData.Wallet;

    [Fact]
    public async Task Getting_an_unknown_user_is_not_found()
    {
        var rejection = await RejectedByUser(new GetUser("nobody"), RejectionCode.NotFound);
        Assert.Equal("userId", rejection.Field);
        Assert.Contains("nobody", rejection.Reason);
    }

    [Fact]
    public async Task Credit_creates_and_grows_the_record()
    {
        var first = await AskUser<UserBuxPoints>(new CreditUser("alice", 100, "signup", null));
        Assert.Equal("alice", first.UserId);
        Assert.Equal(100, first.BuxBalance);
        Assert.Equal(1, first.Version);

        var second = await AskUser<UserBuxPoints>(new CreditUser("alice", 25, null, null));
        Assert.Equal(125, second.BuxBalance);
        Assert.Equal(2, second.Version);
        Assert.Equal(first.CreatedAt, second.CreatedAt);
        Assert.True(second.UpdatedAt >= first.UpdatedAt);

        Assert.Equal(second, await AskUser<UserBuxPoints>(new GetUser("alice")));
    }

    [Fact]
    public async Task Debit_takes_from_the_balance()
    {
        await AskUser<UserBuxPoints>(new CreditUser("bob", 100, null, null));
        var debited = await AskUser<UserBuxPoints>(new DebitUser("bob", 40, "shop", null));
        Assert.Equal(60, debited.BuxBalance);

        var emptied = await AskUser<UserBuxPoints>(new DebitUser("bob", 60, null, null));
        Assert.Equal(0, emptied.BuxBalance);
        Assert.Equal(3, emptied.Version);
    }

    [Fact]
    public async Task An_overdraft_is_refused_and_changes_nothing()
    {
        var before = await AskUser<UserBuxPoints>(new CreditUser("carol", 50, null, null));
        var rejection = await RejectedByUser(new DebitUser("carol", 51, null, null), RejectionCode.Overdraft);
        Assert.Equal("amount", rejection.Field);
        Assert.Equal(before, await AskUser<UserBuxPoints>(new GetUser("carol")));

        await RejectedByUser(new DebitUser("new-user", 1, null, null), RejectionCode.Overdraft);
        await RejectedByUser(new GetUser("new-user"), RejectionCode.NotFound);
    }

    [Fact]
    public async Task Invalid_input_is_refused_by_the_entity()
    {
        Assert.Equal("amount", (await RejectedByUser(new CreditUser("dave", 0, null, null), RejectionCode.InvalidInput)).Field);
        Assert.Equal("wallet", (await RejectedByUser(new SetUserWallet("dave", "0x12", null), RejectionCode.InvalidInput)).Field);
        await RejectedByUser(new GetUser("dave"), RejectionCode.NotFound);
    }

    [Fact]
    public async Task Set_wallet_stores_the_wallet()
    {
        var record = await AskUser<UserBuxPoints>(new SetUserWallet("erin", Wallet, null));
        Assert.Equal(Wallet, record.UserSmartWallet);
        Assert.Equal(0, record.BuxBalance);
        Assert.Equal(Wallet, (await AskUser<UserBuxPoints>(new GetUser("erin"))).UserSmartWallet);
    }

    [Fact]
    public async Task Write_whole_record_needs_the_expected_version()
    {
        var created = await AskUser<UserBuxPoints>(new WriteUser("frank", 0, Wallet, 500, "a", "b", null, null, null));
        Assert.Equal((Wallet, 500L, "a", "b", 1L), (created.UserSmartWallet, created.BuxBalance, created.ExtraField1, created.ExtraField2, created.Version));

        var conflict = await RejectedByUser(new WriteUser("frank", 0, null, 1, null, null, null, null, null), RejectionCode.VersionConflict);
        Assert.Equal("expectedVersion", conflict.Field);
        Assert.Equal(created, await AskUser<UserBuxPoints>(new GetUser("frank")));

        var rewritten = await AskUser<UserBuxPoints>(new WriteUser("frank", created.Version, null, 1, null, null, "c", null, null));
        Assert.Equal(("", 1L, (string?)null, "c", 2L), (rewritten.UserSmartWallet, rewritten.BuxBalance, rewritten.ExtraField1, rewritten.ExtraField3, rewritten.Version));
    }

    [Fact]
    public async Task A_repeated_idempotent_credit_returns_the_same_record_and_changes_nothing()
    {
        var credit = new CreditUser("gina", 70, "bonus", "bonus-2024-03");
        var first = await AskUser<UserBuxPoints>(credit);
        var repeated = await AskUser<UserBuxPoints>(credit);
        Assert.Equal(first, repeated);

        var now = await AskUser<UserBuxPoints>(new GetUser("gina"));
        Assert.Equal(70, now.BuxBalance);
        Assert.Equal(1, now.Version);

        var conflict = await RejectedByUser(credit with { Amount = 71 }, RejectionCode.IdempotencyConflict);
        Assert.Equal("idempotencyKey", conflict.Field);
    }

    [Fact]
    public async Task Users_are_independent_entities()
    {
        await AskUser<UserBuxPoints>(new CreditUser("h1", 10, null, null));
        await AskUser<UserBuxPoints>(new CreditUser("h2", 20, null, null));
        Assert.Equal(10, (await AskUser<UserBuxPoints>(new GetUser("h1"))).BuxBalance);
        Assert.Equal(20, (await AskUser<UserBuxPoints>(new GetUser("h2"))).BuxBalance);
    }

    [Fact]
    public void A_node_built_by_WithBuxStore_serializes_every_bux_message_with_the_bux_serializer()
    {
        Assert.All(SerializerSamples.ByType.Values, sample =>
        {
            var serializer = Sys.Serialization.FindSerializerFor(sample);
            Assert.IsType<BlocksterV2.Cluster.Serialization.BuxSerializer>(serializer);
        });
    }
}
