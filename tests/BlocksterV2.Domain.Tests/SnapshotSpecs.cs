using BlocksterV2.Domain.Posts;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Domain.Tests;

public class SnapshotSpecs
{
    [Fact]
    public void A_user_snapshot_restores_the_record_and_the_keys()
    {
        var state = Given.User("u1", 100)
            .Accepted(new SetUserWallet("u1", TestData.Wallet, "w"), Given.At(1))
            .Accepted(new CreditUser("u1", 5, "r", "c1"), Given.At(2))
            .Accepted(new DebitUser("u1", 3, null, "d1"), Given.At(3))
            .Accepted(new CreditReadReward("u1", "p9", 4), Given.At(4));

        var restored = UserBuxSnapshot.From(state).ToState();

        Assert.Equal(state.Record, restored.Record);
        Assert.Equal(state.Keys.Entries, restored.Keys.Entries);
        Assert.Equal(4, restored.Keys.Count);

        // The restored keys still decide: replay, conflict, and new requests.
        var replay = UserBux.Process(restored, new CreditUser("u1", 5, "r", "c1"), Given.At(9));
        Assert.Equal(UserBux.Process(state, new CreditUser("u1", 5, "r", "c1"), Given.At(9)).Replay, replay.Replay);
        Assert.NotNull(replay.Replay);
        Given.Rejected(UserBux.Process(restored, new CreditUser("u1", 6, "r", "c1"), Given.At(9)), RejectionCode.IdempotencyConflict, "idempotencyKey");
        Assert.NotNull(UserBux.Process(restored, new CreditReadReward("u1", "p9", 4), Given.At(9)).Replay);
    }

    [Fact]
    public void An_empty_user_snapshot_restores_an_empty_state()
    {
        var restored = UserBuxSnapshot.From(UserBuxState.Initial).ToState();
        Assert.Null(restored.Record);
        Assert.Equal(0, restored.Keys.Count);
    }

    [Fact]
    public void A_full_window_of_user_keys_survives_in_order()
    {
        var state = UserBuxState.Initial;
        for (var i = 0; i < Idempotency.IdempotencyLog<UserBuxPoints>.Capacity + 3; i++)
            state = state.Accepted(new CreditUser("u1", 1, null, $"k{i}"), Given.At(i));

        var restored = UserBuxSnapshot.From(state).ToState();
        Assert.Equal(state.Keys.Entries.Select(e => e.Key), restored.Keys.Entries.Select(e => e.Key));

        // The oldest key must still be the next one forgotten after a restore.
        var next = restored.Accepted(new CreditUser("u1", 1, null, "next"), Given.At(999));
        Assert.Null(next.Keys.Find("k3"));
        Assert.NotNull(next.Keys.Find("k4"));
    }

    [Fact]
    public void A_post_snapshot_restores_record_keys_pending_and_rewarded_users()
    {
        var state = Given.Post("p1", 10, 30, 100)
            .Accepted(new DepositToPost("p1", 50, "dep"), Given.At(2))
            .Accepted(new RewardRead("p1", "u1", 40, "read-u1"), Given.At(3))
            .Accepted(new ReadRewardCredited("p1", "u1", 10), Given.At(4))
            .Accepted(new RewardRead("p1", "u2", 41, "read-u2"), Given.At(5))
            .Accepted(new RewardRead("p1", "u3", 42, null), Given.At(6));

        var snapshot = PostBuxSnapshot.From(state);
        var restored = snapshot.ToState();

        Assert.Equal(state.Record, restored.Record);
        Assert.Equal(["u1"], restored.RewardedUsers);
        Assert.Equal(state.Pending.OrderBy(p => p.Key), restored.Pending.OrderBy(p => p.Key));
        Assert.Equal(2, restored.Pending.Count);
        Assert.Equal(state.Keys.Entries, restored.Keys.Entries);

        // The restored state answers as the original does.
        Assert.Equal(new ReadRewarded("p1", "u1", 10, 100 + 50 - 10, 10), PostBux.Process(restored, new RewardRead("p1", "u1", 40, "read-u1"), Given.At(9)).Replay!.Read);
        Assert.Equal(state.Pending["u2"], PostBux.PendingFor(restored, new RewardRead("p1", "u2", 41, "read-u2")));
        Given.Rejected(PostBux.Process(restored, new RewardRead("p1", "u3", 50, null), Given.At(9)), RejectionCode.AlreadyRewarded, "userId");
        var settled = restored.Accepted(new ReadRewardCredited("p1", "u2", 10), Given.At(10));
        Assert.Contains("u2", settled.RewardedUsers);
    }

    [Fact]
    public void A_post_snapshot_lists_rewarded_users_in_a_stable_order()
    {
        var state = Given.Post("p1", 1, 0, 100);
        foreach (var user in new[] { "zed", "amy", "Bob", "_x" })
            state = state.Accepted(new RewardRead("p1", user, 1, null), Given.At(2)).Accepted(new ReadRewardCredited("p1", user, 1), Given.At(3));

        var users = PostBuxSnapshot.From(state).RewardedUsers;
        Assert.Equal(users.Order(StringComparer.Ordinal), users);
        Assert.Equal(4, users.Count);
        Assert.True(PostBuxSnapshot.From(state).ToState().RewardedUsers.SetEquals(state.RewardedUsers));
    }

    [Fact]
    public void An_empty_post_snapshot_restores_an_empty_state()
    {
        var restored = PostBuxSnapshot.From(PostBuxState.Initial).ToState();
        Assert.Null(restored.Record);
        Assert.Empty(restored.RewardedUsers);
        Assert.Empty(restored.Pending);
        Assert.Equal(0, restored.Keys.Count);
    }
}
