using BlocksterV2.Cluster.Formation;
using BlocksterV2.Cluster.Leaderboard;
using BlocksterV2.Domain;
using BlocksterV2.Domain.Idempotency;
using BlocksterV2.Domain.Posts;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.Tests;

/// <summary>One filled-in instance of every message the BUX serializer writes, every optional field set.</summary>
internal static class SerializerSamples
{
    private static readonly DateTime At = new DateTime(2024, 3, 1, 12, 30, 45, DateTimeKind.Utc).AddTicks(1234567);
    private const string Wallet = TestData.Wallet;

    public static readonly UserBuxPoints User = new("user-1", Wallet, 1234, "e1", "e2", "e3", "e4", At, At.AddMinutes(5), 7);
    public static readonly PostBuxPoints Post = new("post-1", 10, 30, 900, 1000, "x1", "x2", "x3", "x4", At, At.AddHours(1), 12);
    public static readonly ReadRewarded Read = new("post-1", "user-1", 10, 890, 1244);
    public static readonly Rejection Rejection = new(RejectionCode.PoolTooSmall, "postId", "post 'post-1' holds 5 BUX");

    public static readonly IReadOnlyDictionary<Type, object> ByType = new object[]
    {
        Rejection,
        User,
        new UserBuxSnapshot(User, [new IdempotencyEntry<UserBuxPoints>("k1", "credit|5|r", User), new IdempotencyEntry<UserBuxPoints>("k2", "debit|1|", User with { Version = 8 })]),
        new GetUser("user-1"),
        new SetUserWallet("user-1", Wallet, "w-1"),
        new CreditUser("user-1", 5, "bonus", "c-1"),
        new DebitUser("user-1", 3, "shop", "d-1"),
        new WriteUser("user-1", 7, Wallet, 99, "a", "b", "c", "d", "wr-1"),
        new CreditReadReward("user-1", "post-1", 10),
        new CheckReadReward("user-1", "post-1", 10),
        new UserWalletSet(Wallet, At, "w-1"),
        new UserCredited(5, "bonus", At, "c-1"),
        new UserDebited(3, "shop", At, "d-1"),
        new UserRecordWritten(7, Wallet, 99, "a", "b", "c", "d", At, "wr-1"),
        new UserReadRewarded("post-1", 10, At),
        Post,
        new PostBuxSnapshot(Post, ["user-1", "user-2"], [new PendingReward("user-3", 10, 45, "read-3")],
            [new IdempotencyEntry<PostOutcome>("dep-1", "deposit|5", new PostOutcome(Post, null)),
             new IdempotencyEntry<PostOutcome>("read-1", "read|user-1|40", new PostOutcome(null, Read)),
             new IdempotencyEntry<PostOutcome>("read-3", "read|user-3|45", null)]),
        new GetPost("post-1"),
        new ConfigurePost("post-1", 10, 30, "cfg-1"),
        new DepositToPost("post-1", 1000, "dep-1"),
        new RewardRead("post-1", "user-1", 40, "read-1"),
        Read,
        new ReadRewardCredited("post-1", "user-1", 1244),
        new ReadRewardRefused("post-1", "user-1", Rejection),
        new ReadRewardChecked("post-1", "user-1", Rejection),
        new ResumePendingRewards("post-1"),
        new PostConfigured(10, 30, At, "cfg-1"),
        new PostDeposited(1000, At, "dep-1"),
        new ReadRewardReserved("user-1", 10, 40, At, "read-1"),
        new ReadRewardSettled("user-1", 1244, At),
        new ReadRewardCancelled("user-1", "balance would overflow", At),
        new ContactPointProbe(),
        new ContactPointAnswer("akka.tcp://blockster@127.0.0.2:4053", ["akka.tcp://blockster@127.0.0.2:4053", "akka.tcp://blockster@[fdaa::3]:4053"]),
        new LeaderboardEntry("user-1", 1244, At, 7),
        new LeaderboardCandidatesRequest(1000),
        new LeaderboardCandidates([new LeaderboardEntry("user-1", 1244, At, 7), new LeaderboardEntry("user-2", 10, At, 1)]),
    }.ToDictionary(o => o.GetType());
}
