using BlocksterV2.Domain.Posts;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Domain.Tests;

public class PostBuxSpecs
{
    // ---- configure ----

    [Fact]
    public void Configuring_a_new_post_creates_the_record()
    {
        var decision = PostBux.Process(PostBuxState.Initial, new ConfigurePost("p1", 15, 45, "cfg"), Given.At(2));
        var e = Assert.IsType<PostConfigured>(decision.Event);
        Assert.Equal((15L, 45L, "cfg", Given.At(2)), (e.Reward, e.ReadTime, e.IdempotencyKey, e.At));

        var record = PostBux.Apply(PostBuxState.Initial, e, "p1").Record!;
        Assert.Equal("p1", record.PostId);
        Assert.Equal(15, record.Reward);
        Assert.Equal(45, record.ReadTime);
        Assert.Equal(0, record.BuxBalance);
        Assert.Equal(0, record.BuxDeposited);
        Assert.Equal(1, record.Version);
        Assert.Equal(Given.At(2), record.CreatedAt);
        Assert.Equal(Given.At(2), record.UpdatedAt);
    }

    [Fact]
    public void Reconfiguring_changes_reward_and_read_time_but_not_the_pool()
    {
        var state = Given.Post("p1", 10, 30, 500).Accepted(new ConfigurePost("p1", 20, 60, null), Given.At(5));
        var record = state.Record!;
        Assert.Equal((20L, 60L, 500L, 500L), (record.Reward, record.ReadTime, record.BuxBalance, record.BuxDeposited));
        Assert.Equal(3, record.Version);
        Assert.Equal(Given.T0, record.CreatedAt);
        Assert.Equal(Given.At(5), record.UpdatedAt);
    }

    [Fact]
    public void A_reward_of_zero_may_be_configured()
    {
        var state = PostBuxState.Initial.Accepted(new ConfigurePost("p1", 0, 0, null), Given.T0);
        Assert.Equal(0, state.Record!.Reward);
    }

    [Fact]
    public void A_negative_reward_or_read_time_is_refused()
    {
        Given.Rejected(PostBux.Process(PostBuxState.Initial, new ConfigurePost("p1", -1, 10, null), Given.T0), RejectionCode.InvalidInput, "reward");
        Given.Rejected(PostBux.Process(PostBuxState.Initial, new ConfigurePost("p1", 1, -10, null), Given.T0), RejectionCode.InvalidInput, "readTime");
    }

    // ---- deposit ----

    [Fact]
    public void A_deposit_grows_the_pool_and_the_total_deposited()
    {
        var state = Given.Post("p1", 10, 30, 100);
        var decision = PostBux.Process(state, new DepositToPost("p1", 40, "dep"), Given.At(7));
        var e = Assert.IsType<PostDeposited>(decision.Event);
        Assert.Equal(40, e.Amount);

        var record = PostBux.Apply(state, e, "p1").Record!;
        Assert.Equal(140, record.BuxBalance);
        Assert.Equal(140, record.BuxDeposited);
        Assert.Equal(3, record.Version);
        Assert.Equal(Given.At(7), record.UpdatedAt);
    }

    [Fact]
    public void A_deposit_may_create_the_post()
    {
        var state = PostBuxState.Initial.Accepted(new DepositToPost("p1", 5, null), Given.At(1));
        Assert.Equal((0L, 0L, 5L, 5L), (state.Record!.Reward, state.Record.ReadTime, state.Record.BuxBalance, state.Record.BuxDeposited));
        Assert.Equal(Given.At(1), state.Record.CreatedAt);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void A_deposit_must_be_positive(long amount) =>
        Given.Rejected(PostBux.Process(Given.Post("p1", 1, 1, 1), new DepositToPost("p1", amount, null), Given.T0),
            RejectionCode.InvalidInput, "amount");

    [Fact]
    public void A_deposit_that_would_overflow_the_pool_is_refused()
    {
        var record = PostBuxPoints.New("p1", Given.T0) with { BuxBalance = long.MaxValue - 5, BuxDeposited = long.MaxValue - 5 };
        var state = PostBuxState.Initial with { Record = record };
        Given.Rejected(PostBux.Process(state, new DepositToPost("p1", 6, null), Given.At(1)), RejectionCode.InvalidInput, "amount");
        Assert.IsType<PostDeposited>(PostBux.Process(state, new DepositToPost("p1", 5, null), Given.At(1)).Event);
    }

    [Fact]
    public void A_deposit_that_would_overflow_the_total_deposited_is_refused_even_when_the_pool_has_room()
    {
        var record = PostBuxPoints.New("p1", Given.T0) with { BuxBalance = 10, BuxDeposited = long.MaxValue - 5 };
        var state = PostBuxState.Initial with { Record = record };
        Given.Rejected(PostBux.Process(state, new DepositToPost("p1", 6, null), Given.At(1)), RejectionCode.InvalidInput, "amount");

        var filled = state.Accepted(new DepositToPost("p1", 5, null), Given.At(1));
        Assert.Equal(long.MaxValue, filled.Record!.BuxDeposited);
        Assert.Equal(15, filled.Record.BuxBalance);
    }

    // ---- reward a read: refusals ----

    [Fact]
    public void Reading_a_post_that_does_not_exist_is_not_found()
    {
        Given.Rejected(PostBux.Process(PostBuxState.Initial, new RewardRead("p1", "u1", 100, null), Given.T0), RejectionCode.NotFound, "postId");
    }

    [Fact]
    public void Reading_a_post_without_a_reward_is_refused()
    {
        var configuredZero = Given.Post("p1", 0, 10, 100);
        Given.Rejected(PostBux.Process(configuredZero, new RewardRead("p1", "u1", 100, null), Given.At(2)),
            RejectionCode.RewardNotConfigured, "postId");

        var onlyDeposited = PostBuxState.Initial.Accepted(new DepositToPost("p1", 100, null), Given.T0);
        Given.Rejected(PostBux.Process(onlyDeposited, new RewardRead("p1", "u1", 100, null), Given.At(2)),
            RejectionCode.RewardNotConfigured, "postId");
    }

    [Fact]
    public void A_read_shorter_than_the_read_time_is_refused()
    {
        var state = Given.Post("p1", 10, 30, 100);
        var rejection = Given.Rejected(PostBux.Process(state, new RewardRead("p1", "u1", 29, null), Given.At(2)),
            RejectionCode.ReadTooShort, "secondsRead");
        Assert.Contains("30", rejection.Reason);
        Assert.IsType<ReadRewardReserved>(PostBux.Process(state, new RewardRead("p1", "u1", 30, null), Given.At(2)).Event);
    }

    [Fact]
    public void A_negative_read_time_is_invalid()
    {
        Given.Rejected(PostBux.Process(Given.Post("p1", 10, 0, 100), new RewardRead("p1", "u1", -1, null), Given.At(2)),
            RejectionCode.InvalidInput, "secondsRead");
    }

    [Fact]
    public void A_pool_smaller_than_the_reward_is_refused()
    {
        var state = Given.Post("p1", 10, 30, 9);
        Given.Rejected(PostBux.Process(state, new RewardRead("p1", "u1", 60, null), Given.At(2)), RejectionCode.PoolTooSmall, "postId");

        var exact = state.Accepted(new DepositToPost("p1", 1, null), Given.At(3));
        Assert.IsType<ReadRewardReserved>(PostBux.Process(exact, new RewardRead("p1", "u1", 60, null), Given.At(4)).Event);
    }

    [Fact]
    public void Refused_reads_change_nothing()
    {
        var state = Given.Post("p1", 10, 30, 100);
        var decision = PostBux.Process(state, new RewardRead("p1", "u1", 1, "k"), Given.At(2));
        Assert.NotNull(decision.Rejection);
        Assert.Null(state.Keys.Find("k"));
        Assert.Empty(state.Pending);
        Assert.Equal(100, state.Record!.BuxBalance);
    }

    // ---- reward a read: the two steps ----

    [Fact]
    public void Reserving_takes_the_reward_from_the_pool_and_records_it_as_pending()
    {
        var state = Given.Post("p1", 10, 30, 100);
        var decision = PostBux.Process(state, new RewardRead("p1", "u1", 45, "read-1"), Given.At(3));
        var e = Assert.IsType<ReadRewardReserved>(decision.Event);
        Assert.Equal(("u1", 10L, 45L, "read-1"), (e.UserId, e.Amount, e.SecondsRead, e.IdempotencyKey));

        var reserved = PostBux.Apply(state, e, "p1");
        Assert.Equal(90, reserved.Record!.BuxBalance);
        Assert.Equal(100, reserved.Record.BuxDeposited);
        Assert.Equal(3, reserved.Record.Version);
        Assert.Equal(Given.At(3), reserved.Record.UpdatedAt);
        Assert.Equal(new PendingReward("u1", 10, 45, "read-1"), reserved.Pending["u1"]);
        Assert.Empty(reserved.RewardedUsers);
        Assert.Equal(e.Fingerprint, reserved.Keys.Find("read-1")!.Fingerprint);
        Assert.Null(reserved.Keys.Find("read-1")!.Result);
    }

    [Fact]
    public void A_user_with_a_pending_reward_is_already_rewarded()
    {
        var reserved = Given.Post("p1", 10, 30, 100).Accepted(new RewardRead("p1", "u1", 45, "read-1"), Given.At(3));

        Given.Rejected(PostBux.Process(reserved, new RewardRead("p1", "u1", 45, "read-2"), Given.At(4)), RejectionCode.AlreadyRewarded, "userId");
        Given.Rejected(PostBux.Process(reserved, new RewardRead("p1", "u1", 50, null), Given.At(4)), RejectionCode.AlreadyRewarded, "userId");
        // The same request again has no result to replay yet: it is not paid twice either.
        Given.Rejected(PostBux.Process(reserved, new RewardRead("p1", "u1", 45, "read-1"), Given.At(4)), RejectionCode.AlreadyRewarded, "userId");
        Given.Rejected(PostBux.Process(reserved, new RewardRead("p1", "u1", 46, "read-1"), Given.At(4)), RejectionCode.IdempotencyConflict, "idempotencyKey");
    }

    [Fact]
    public void The_pending_transfer_is_found_only_for_the_same_key()
    {
        var reserved = Given.Post("p1", 10, 30, 100).Accepted(new RewardRead("p1", "u1", 45, "read-1"), Given.At(3));
        Assert.Equal(reserved.Pending["u1"], PostBux.PendingFor(reserved, new RewardRead("p1", "u1", 45, "read-1")));
        Assert.Null(PostBux.PendingFor(reserved, new RewardRead("p1", "u1", 45, "read-2")));
        Assert.Null(PostBux.PendingFor(reserved, new RewardRead("p1", "u2", 45, "read-1")));
    }

    [Fact]
    public void Settling_moves_the_user_to_the_rewarded_set_and_keeps_the_pool()
    {
        var reserved = Given.Post("p1", 10, 30, 100).Accepted(new RewardRead("p1", "u1", 45, "read-1"), Given.At(3));
        var decision = PostBux.Process(reserved, new ReadRewardCredited("p1", "u1", 510), Given.At(4));
        var e = Assert.IsType<ReadRewardSettled>(decision.Event);
        Assert.Equal(("u1", 510L), (e.UserId, e.UserBalance));

        var settled = PostBux.Apply(reserved, e, "p1");
        Assert.Equal(90, settled.Record!.BuxBalance);
        Assert.Equal(100, settled.Record.BuxDeposited);
        Assert.Equal(4, settled.Record.Version);
        Assert.Equal(Given.At(4), settled.Record.UpdatedAt);
        Assert.Empty(settled.Pending);
        Assert.Contains("u1", settled.RewardedUsers);
    }

    [Fact]
    public void After_settling_a_second_read_by_the_same_user_is_refused_but_others_are_paid()
    {
        var settled = Given.Post("p1", 10, 30, 100)
            .Accepted(new RewardRead("p1", "u1", 45, "read-1"), Given.At(3))
            .Accepted(new ReadRewardCredited("p1", "u1", 10), Given.At(4));

        Given.Rejected(PostBux.Process(settled, new RewardRead("p1", "u1", 300, "read-again"), Given.At(5)), RejectionCode.AlreadyRewarded, "userId");
        Given.Rejected(PostBux.Process(settled, new RewardRead("p1", "u1", 300, null), Given.At(5)), RejectionCode.AlreadyRewarded, "userId");

        var other = settled.Accepted(new RewardRead("p1", "u2", 30, null), Given.At(6));
        Assert.Equal(80, other.Record!.BuxBalance);
    }

    [Fact]
    public void The_same_read_request_after_settling_replays_the_rewarded_read()
    {
        var read = new RewardRead("p1", "u1", 45, "read-1");
        var settled = Given.Post("p1", 10, 30, 100)
            .Accepted(read, Given.At(3))
            .Accepted(new ReadRewardCredited("p1", "u1", 510), Given.At(4));

        var decision = PostBux.Process(settled, read, Given.At(9));
        Assert.Null(decision.Event);
        Assert.Null(decision.Rejection);
        Assert.Null(decision.Replay!.Post);
        Assert.Equal(new ReadRewarded("p1", "u1", 10, 90, 510), decision.Replay.Read);

        Given.Rejected(PostBux.Process(settled, read with { SecondsRead = 46 }, Given.At(9)), RejectionCode.IdempotencyConflict, "idempotencyKey");
    }

    [Fact]
    public void Cancelling_refunds_the_pool_and_frees_the_key()
    {
        var read = new RewardRead("p1", "u1", 45, "read-1");
        var reserved = Given.Post("p1", 10, 30, 100).Accepted(read, Given.At(3));

        var refusal = new Rejection(RejectionCode.InvalidInput, "amount", "balance would overflow");
        var decision = PostBux.Process(reserved, new ReadRewardRefused("p1", "u1", refusal), Given.At(4));
        var e = Assert.IsType<ReadRewardCancelled>(decision.Event);
        Assert.Equal(("u1", refusal.Reason), (e.UserId, e.Reason));

        var cancelled = PostBux.Apply(reserved, e, "p1");
        Assert.Equal(100, cancelled.Record!.BuxBalance);
        Assert.Equal(100, cancelled.Record.BuxDeposited);
        Assert.Equal(4, cancelled.Record.Version);
        Assert.Empty(cancelled.Pending);
        Assert.DoesNotContain("u1", cancelled.RewardedUsers);
        Assert.Null(cancelled.Keys.Find("read-1"));

        // The same request may now be tried again, and the key may carry a different one too.
        Assert.IsType<ReadRewardReserved>(PostBux.Process(cancelled, read, Given.At(5)).Event);
        Assert.IsType<ReadRewardReserved>(PostBux.Process(cancelled, read with { SecondsRead = 99 }, Given.At(5)).Event);
    }

    [Fact]
    public void Confirmations_without_a_pending_reward_are_refused()
    {
        var state = Given.Post("p1", 10, 30, 100);
        Given.Rejected(PostBux.Process(state, new ReadRewardCredited("p1", "u1", 5), Given.At(1)), RejectionCode.InvalidInput, "userId");
        Given.Rejected(PostBux.Process(state, new ReadRewardRefused("p1", "u1", Rejection.Invalid("amount", "x")), Given.At(1)),
            RejectionCode.InvalidInput, "userId");

        var settled = state.Accepted(new RewardRead("p1", "u1", 45, null), Given.At(2)).Accepted(new ReadRewardCredited("p1", "u1", 5), Given.At(3));
        Given.Rejected(PostBux.Process(settled, new ReadRewardCredited("p1", "u1", 5), Given.At(4)), RejectionCode.InvalidInput, "userId");
    }

    [Fact]
    public void Transfers_never_create_or_destroy_bux()
    {
        var state = Given.Post("p1", 7, 0, 100);
        long paid = 0;
        for (var i = 0; i < 5; i++)
        {
            state = state.Accepted(new RewardRead("p1", $"u{i}", 1, $"r{i}"), Given.At(10 + i));
            if (i % 2 == 0)
            {
                state = state.Accepted(new ReadRewardCredited("p1", $"u{i}", 7), Given.At(20 + i));
                paid += 7;
            }
            else
            {
                state = state.Accepted(new ReadRewardRefused("p1", $"u{i}", Rejection.Invalid("amount", "full")), Given.At(20 + i));
            }
            Assert.Equal(state.Record!.BuxDeposited, state.Record.BuxBalance + paid + state.Pending.Values.Sum(p => p.Amount));
        }
        Assert.Equal(3, state.RewardedUsers.Count);
    }

    // ---- idempotent configure and deposit ----

    [Fact]
    public void A_repeated_deposit_replays_the_post_as_it_was_after_the_first()
    {
        var deposit = new DepositToPost("p1", 50, "dep-1");
        var state = Given.Post("p1", 10, 30, 100).Accepted(deposit, Given.At(2));
        var afterDeposit = state.Record!;
        state = state.Accepted(new DepositToPost("p1", 1, null), Given.At(3));

        var decision = PostBux.Process(state, deposit, Given.At(4));
        Assert.Null(decision.Event);
        Assert.Null(decision.Rejection);
        Assert.Equal(afterDeposit, decision.Replay!.Post);
        Assert.Null(decision.Replay.Read);
        Assert.Equal(151, state.Record!.BuxBalance);

        Given.Rejected(PostBux.Process(state, deposit with { Amount = 51 }, Given.At(4)), RejectionCode.IdempotencyConflict, "idempotencyKey");
        Given.Rejected(PostBux.Process(state, new ConfigurePost("p1", 50, 0, "dep-1"), Given.At(4)), RejectionCode.IdempotencyConflict, "idempotencyKey");
    }

    [Fact]
    public void A_repeated_configure_replays()
    {
        var configure = new ConfigurePost("p1", 10, 30, "cfg-1");
        var state = PostBuxState.Initial.Accepted(configure, Given.At(1));
        var decision = PostBux.Process(state, configure, Given.At(2));
        Assert.Null(decision.Event);
        Assert.Equal(state.Record, decision.Replay!.Post);
        Given.Rejected(PostBux.Process(state, configure with { Reward = 11 }, Given.At(2)), RejectionCode.IdempotencyConflict, "idempotencyKey");
    }

    // ---- queries and unknowns ----

    [Fact]
    public void Queries_and_resume_requests_do_not_change_a_post()
    {
        var state = Given.Post("p1", 1, 1, 1);
        Given.Rejected(PostBux.Process(state, new GetPost("p1"), Given.T0), RejectionCode.InvalidInput, "command");
        Given.Rejected(PostBux.Process(state, new ResumePendingRewards("p1"), Given.T0), RejectionCode.InvalidInput, "command");
    }

    [Fact]
    public void Apply_refuses_an_unknown_event()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PostBux.Apply(PostBuxState.Initial, new StrangeEvent(Given.T0), "p1"));
    }

    private sealed record StrangeEvent(DateTime At) : IPostEvent;
}
