using BlocksterV2.Domain.Users;
using BlocksterV2.Domain.Validation;

namespace BlocksterV2.Domain.Tests;

public class UserBuxSpecs
{
    // ---- credit ----

    [Fact]
    public void Crediting_a_new_user_creates_the_record()
    {
        var decision = UserBux.Process(UserBuxState.Initial, new CreditUser("u1", 250, "signup bonus", "k1"), Given.At(5));
        var e = Assert.IsType<UserCredited>(decision.Event);
        Assert.Equal(250, e.Amount);
        Assert.Equal("signup bonus", e.Reason);
        Assert.Equal("k1", e.IdempotencyKey);
        Assert.Equal(Given.At(5), e.At);

        var record = UserBux.Apply(UserBuxState.Initial, e, "u1").Record!;
        Assert.Equal("u1", record.UserId);
        Assert.Equal(250, record.BuxBalance);
        Assert.Equal("", record.UserSmartWallet);
        Assert.Null(record.ExtraField1);
        Assert.Equal(1, record.Version);
        Assert.Equal(Given.At(5), record.CreatedAt);
        Assert.Equal(Given.At(5), record.UpdatedAt);
    }

    [Fact]
    public void Credits_add_up()
    {
        var state = Given.User("u1", 100)
            .Accepted(new CreditUser("u1", 20, null, null), Given.At(1))
            .Accepted(new CreditUser("u1", 3, null, null), Given.At(2));
        Assert.Equal(123, state.Record!.BuxBalance);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(long.MinValue)]
    public void A_credit_must_be_positive(long amount) =>
        Given.Rejected(UserBux.Process(Given.User("u1", 10), new CreditUser("u1", amount, null, null), Given.T0),
            RejectionCode.InvalidInput, "amount");

    [Fact]
    public void A_credit_reason_longer_than_the_maximum_is_refused()
    {
        var reason = new string('r', Amounts.MaxReasonLength + 1);
        Given.Rejected(UserBux.Process(UserBuxState.Initial, new CreditUser("u1", 1, reason, null), Given.T0),
            RejectionCode.InvalidInput, "reason");
        Given.Rejected(UserBux.Process(Given.User("u1", 10), new DebitUser("u1", 1, reason, null), Given.T0),
            RejectionCode.InvalidInput, "reason");
    }

    [Fact]
    public void A_credit_that_would_overflow_the_balance_is_refused_naming_amount()
    {
        var state = Given.User("u1", long.MaxValue - 10);
        var rejection = Given.Rejected(UserBux.Process(state, new CreditUser("u1", 11, null, null), Given.At(1)),
            RejectionCode.InvalidInput, "amount");
        Assert.Contains("overflow", rejection.Reason);

        var full = state.Accepted(new CreditUser("u1", 10, null, null), Given.At(1));
        Assert.Equal(long.MaxValue, full.Record!.BuxBalance);
        Given.Rejected(UserBux.Process(full, new CreditUser("u1", 1, null, null), Given.At(2)), RejectionCode.InvalidInput, "amount");
    }

    // ---- debit ----

    [Fact]
    public void A_debit_takes_from_the_balance()
    {
        var decision = UserBux.Process(Given.User("u1", 100), new DebitUser("u1", 30, "shop", "d1"), Given.At(1));
        var e = Assert.IsType<UserDebited>(decision.Event);
        Assert.Equal(30, e.Amount);
        Assert.Equal("shop", e.Reason);
        Assert.Equal("d1", e.IdempotencyKey);
        Assert.Equal(70, UserBux.Apply(Given.User("u1", 100), e, "u1").Record!.BuxBalance);
    }

    [Fact]
    public void A_debit_larger_than_the_balance_is_an_overdraft()
    {
        var state = Given.User("u1", 100);
        var rejection = Given.Rejected(UserBux.Process(state, new DebitUser("u1", 101, null, null), Given.At(1)),
            RejectionCode.Overdraft, "amount");
        Assert.Contains("100", rejection.Reason);
    }

    [Fact]
    public void Debiting_a_user_that_does_not_exist_yet_is_an_overdraft()
    {
        Given.Rejected(UserBux.Process(UserBuxState.Initial, new DebitUser("u1", 1, null, null), Given.T0),
            RejectionCode.Overdraft, "amount");
    }

    [Fact]
    public void A_debit_of_exactly_the_balance_leaves_zero()
    {
        var state = Given.User("u1", 100).Accepted(new DebitUser("u1", 100, null, null), Given.At(1));
        Assert.Equal(0, state.Record!.BuxBalance);
        Given.Rejected(UserBux.Process(state, new DebitUser("u1", 1, null, null), Given.At(2)), RejectionCode.Overdraft, "amount");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_debit_must_be_positive(long amount) =>
        Given.Rejected(UserBux.Process(Given.User("u1", 10), new DebitUser("u1", amount, null, null), Given.T0),
            RejectionCode.InvalidInput, "amount");

    // ---- write whole record ----

    [Fact]
    public void Writing_a_new_record_expects_version_zero()
    {
        var command = new WriteUser("u1", 0, TestData.Wallet, 500, "a", "b", "c", "d", null);
        var decision = UserBux.Process(UserBuxState.Initial, command, Given.At(2));
        var e = Assert.IsType<UserRecordWritten>(decision.Event);
        var record = UserBux.Apply(UserBuxState.Initial, e, "u1").Record!;

        Assert.Equal(TestData.Wallet, record.UserSmartWallet);
        Assert.Equal(500, record.BuxBalance);
        Assert.Equal(("a", "b", "c", "d"), (record.ExtraField1, record.ExtraField2, record.ExtraField3, record.ExtraField4));
        Assert.Equal(1, record.Version);
        Assert.Equal(Given.At(2), record.CreatedAt);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void Writing_a_new_record_with_another_expected_version_is_a_conflict(long expected) =>
        Given.Rejected(UserBux.Process(UserBuxState.Initial, new WriteUser("u1", expected, null, 5, null, null, null, null, null), Given.T0),
            RejectionCode.VersionConflict, "expectedVersion");

    [Fact]
    public void Writing_an_existing_record_requires_its_current_version()
    {
        var state = Given.User("u1", 100)
            .Accepted(new SetUserWallet("u1", TestData.Wallet, null), Given.At(1))
            .Accepted(new WriteUser("u1", 2, null, 7, "x", null, null, null, null), Given.At(2));
        Assert.Equal(3, state.Record!.Version);

        foreach (var stale in new long[] { 0, 1, 2, 4 })
        {
            var rejection = Given.Rejected(
                UserBux.Process(state, new WriteUser("u1", stale, null, 9, null, null, null, null, null), Given.At(3)),
                RejectionCode.VersionConflict, "expectedVersion");
            Assert.Contains("version 3", rejection.Reason);
        }

        var written = state.Accepted(new WriteUser("u1", 3, null, 9, null, null, null, null, null), Given.At(3));
        Assert.Equal(4, written.Record!.Version);
        Assert.Equal(9, written.Record.BuxBalance);
    }

    [Fact]
    public void Writing_replaces_every_field_and_keeps_the_creation_time()
    {
        var state = UserBuxState.Initial
            .Accepted(new WriteUser("u1", 0, TestData.Wallet, 10, "1", "2", "3", "4", null), Given.At(1))
            .Accepted(new WriteUser("u1", 1, null, 0, null, "two", null, null, null), Given.At(9));
        var record = state.Record!;
        Assert.Equal("", record.UserSmartWallet); // a null wallet is stored as "no wallet"
        Assert.Equal(0, record.BuxBalance);
        Assert.Null(record.ExtraField1);
        Assert.Equal("two", record.ExtraField2);
        Assert.Null(record.ExtraField3);
        Assert.Null(record.ExtraField4);
        Assert.Equal(Given.At(1), record.CreatedAt);
        Assert.Equal(Given.At(9), record.UpdatedAt);
        Assert.Equal("u1", record.UserId);
    }

    [Fact]
    public void Writing_a_negative_balance_is_refused()
    {
        Given.Rejected(UserBux.Process(UserBuxState.Initial, new WriteUser("u1", 0, null, -1, null, null, null, null, null), Given.T0),
            RejectionCode.InvalidInput, "buxBalance");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void An_extra_field_longer_than_the_maximum_is_refused(int which)
    {
        var tooLong = new string('e', UserBux.MaxExtraFieldLength + 1);
        var fits = new string('e', UserBux.MaxExtraFieldLength);
        string? Field(int i) => i == which ? tooLong : fits;
        var command = new WriteUser("u1", 0, null, 1, Field(1), Field(2), Field(3), Field(4), null);
        Given.Rejected(UserBux.Process(UserBuxState.Initial, command, Given.T0), RejectionCode.InvalidInput, $"extraField{which}");

        var allFit = new WriteUser("u1", 0, null, 1, fits, fits, fits, fits, null);
        Assert.IsType<UserRecordWritten>(UserBux.Process(UserBuxState.Initial, allFit, Given.T0).Event);
    }

    // ---- version and timestamps ----

    [Fact]
    public void The_version_counts_events_and_the_timestamps_follow_event_time()
    {
        var state = UserBuxState.Initial;
        IUserCommand[] commands =
        [
            new CreditUser("u1", 50, null, null),
            new SetUserWallet("u1", TestData.Wallet, null),
            new DebitUser("u1", 20, null, null),
            new WriteUser("u1", 3, TestData.Wallet, 40, null, null, null, null, null),
            new CreditReadReward("u1", "p1", 5),
        ];
        for (var i = 0; i < commands.Length; i++)
        {
            state = state.Accepted(commands[i], Given.At(10 * (i + 1)));
            Assert.Equal(i + 1, state.Record!.Version);
            Assert.Equal(Given.At(10), state.Record.CreatedAt);
            Assert.Equal(Given.At(10 * (i + 1)), state.Record.UpdatedAt);
        }
        Assert.Equal(45, state.Record!.BuxBalance);
    }

    [Fact]
    public void Refused_commands_change_nothing()
    {
        var state = Given.User("u1", 10);
        var decision = UserBux.Process(state, new DebitUser("u1", 11, null, "k"), Given.At(1));
        Assert.Null(decision.Event);
        Assert.Equal(1, state.Record!.Version);
        Assert.Null(state.Keys.Find("k"));
    }

    // ---- idempotency ----

    [Fact]
    public void A_repeated_key_with_the_same_request_replays_the_first_result_without_an_event()
    {
        var command = new CreditUser("u1", 40, "bonus", "credit-1");
        var first = Given.User("u1", 100).Accepted(command, Given.At(1));
        var afterFirst = first.Record!;

        var later = first.Accepted(new CreditUser("u1", 5, null, null), Given.At(2));

        var replay = UserBux.Process(later, command, Given.At(3));
        Assert.Null(replay.Event);
        Assert.Null(replay.Rejection);
        Assert.Equal(afterFirst, replay.Replay);
        Assert.Equal(140, replay.Replay!.BuxBalance);
        Assert.Equal(145, later.Record!.BuxBalance);
    }

    [Fact]
    public void Every_kind_of_keyed_request_replays()
    {
        var state = Given.User("u1", 100);
        IUserCommand[] commands =
        [
            new SetUserWallet("u1", TestData.Wallet, "w"),
            new CreditUser("u1", 1, null, "c"),
            new DebitUser("u1", 1, null, "d"),
            new WriteUser("u1", 4, TestData.Wallet, 77, "x", null, null, null, "r"),
        ];
        var results = new List<UserBuxPoints>();
        foreach (var command in commands)
        {
            state = state.Accepted(command, Given.At(results.Count + 1));
            results.Add(state.Record!);
        }
        for (var i = 0; i < commands.Length; i++)
        {
            var decision = UserBux.Process(state, commands[i], Given.At(99));
            Assert.Null(decision.Event);
            Assert.Equal(results[i], decision.Replay);
        }
    }

    [Fact]
    public void A_key_reused_for_a_different_request_is_a_conflict()
    {
        var state = Given.User("u1", 100).Accepted(new CreditUser("u1", 40, "bonus", "k"), Given.At(1));
        IUserCommand[] different =
        [
            new CreditUser("u1", 41, "bonus", "k"),
            new CreditUser("u1", 40, "other reason", "k"),
            new DebitUser("u1", 40, "bonus", "k"),
            new SetUserWallet("u1", TestData.Wallet, "k"),
            new WriteUser("u1", 2, null, 1, null, null, null, null, "k"),
        ];
        foreach (var command in different)
            Given.Rejected(UserBux.Process(state, command, Given.At(2)), RejectionCode.IdempotencyConflict, "idempotencyKey");
    }

    [Fact]
    public void A_replay_wins_over_a_rule_the_request_would_now_break()
    {
        // The debit emptied the account; repeating it must answer the first result, not an overdraft.
        var debit = new DebitUser("u1", 100, null, "pay-all");
        var state = Given.User("u1", 100).Accepted(debit, Given.At(1));
        var decision = UserBux.Process(state, debit, Given.At(2));
        Assert.Null(decision.Rejection);
        Assert.Equal(0, decision.Replay!.BuxBalance);
    }

    [Fact]
    public void Requests_without_a_key_are_never_deduplicated()
    {
        var credit = new CreditUser("u1", 10, null, null);
        var state = UserBuxState.Initial.Accepted(credit, Given.At(1)).Accepted(credit, Given.At(2));
        Assert.Equal(20, state.Record!.BuxBalance);
        Assert.Equal(0, state.Keys.Count);
    }

    [Fact]
    public void Keys_beyond_the_window_are_forgotten_so_the_oldest_request_runs_again()
    {
        var first = new CreditUser("u1", 1, null, "key-0");
        var state = UserBuxState.Initial.Accepted(first, Given.T0);
        for (var i = 1; i <= Idempotency.IdempotencyLog<UserBuxPoints>.Capacity; i++)
            state = state.Accepted(new CreditUser("u1", 1, null, $"key-{i}"), Given.At(i));

        Assert.Equal(Idempotency.IdempotencyLog<UserBuxPoints>.Capacity, state.Keys.Count);
        Assert.IsType<UserCredited>(UserBux.Process(state, first, Given.At(999)).Event);
        Assert.NotNull(UserBux.Process(state, new CreditUser("u1", 1, null, "key-1"), Given.At(999)).Replay);
    }

    // ---- the second step of a rewarded read ----

    [Fact]
    public void A_read_reward_credits_the_user_once_per_post()
    {
        var command = new CreditReadReward("u1", "p1", 25);
        var decision = UserBux.Process(Given.User("u1", 100), command, Given.At(1));
        var e = Assert.IsType<UserReadRewarded>(decision.Event);
        Assert.Equal("p1", e.PostId);
        Assert.Equal(25, e.Amount);
        Assert.Equal(CreditReadReward.KeyFor("p1"), e.IdempotencyKey);

        var state = UserBux.Apply(Given.User("u1", 100), e, "u1");
        Assert.Equal(125, state.Record!.BuxBalance);

        var again = UserBux.Process(state, command, Given.At(2));
        Assert.Null(again.Event);
        Assert.Equal(state.Record, again.Replay);

        Given.Rejected(UserBux.Process(state, new CreditReadReward("u1", "p1", 26), Given.At(2)),
            RejectionCode.IdempotencyConflict, "idempotencyKey");
        Assert.IsType<UserReadRewarded>(UserBux.Process(state, new CreditReadReward("u1", "p2", 25), Given.At(2)).Event);
    }

    [Fact]
    public void The_check_before_a_read_reward_refuses_only_what_the_credit_would_refuse()
    {
        var full = Given.User("u1", long.MaxValue - 5);

        var refusal = Assert.IsType<Rejection>(UserBux.ReadRewardRefusal(full, new CheckReadReward("u1", "p1", 6)));
        Assert.Equal(RejectionCode.InvalidInput, refusal.Code);
        Assert.Contains("overflow", refusal.Reason);
        Assert.Null(UserBux.ReadRewardRefusal(full, new CheckReadReward("u1", "p1", 5)));
        Assert.Null(UserBux.ReadRewardRefusal(UserBuxState.Initial, new CheckReadReward("new-reader", "p1", 5)));

        // a reward already credited for this post is a replay, not a refusal
        var rewarded = full.Accepted(new CreditReadReward("u1", "p1", 5), Given.At(1));
        Assert.Null(UserBux.ReadRewardRefusal(rewarded, new CheckReadReward("u1", "p1", 5)));
    }

    [Fact]
    public void A_read_reward_may_create_the_user()
    {
        var state = UserBuxState.Initial.Accepted(new CreditReadReward("new-reader", "p1", 7), Given.At(4));
        Assert.Equal(7, state.Record!.BuxBalance);
        Assert.Equal("new-reader", state.Record.UserId);
        Assert.Equal(Given.At(4), state.Record.CreatedAt);
    }

    [Fact]
    public void A_read_reward_that_would_overflow_is_refused()
    {
        var state = Given.User("u1", long.MaxValue);
        Given.Rejected(UserBux.Process(state, new CreditReadReward("u1", "p1", 1), Given.At(1)), RejectionCode.InvalidInput, "amount");
        Given.Rejected(UserBux.Process(Given.User("u1", 1), new CreditReadReward("u1", "p1", 0), Given.At(1)), RejectionCode.InvalidInput, "amount");
    }

    [Fact]
    public void A_read_reward_for_a_post_whose_id_has_the_maximum_length_is_accepted()
    {
        // Any valid post id (up to Ids.MaxLength characters) must be able to pay its readers.
        var postId = new string('p', Ids.MaxLength);
        Assert.Null(Ids.Check(postId, "postId"));
        var decision = UserBux.Process(Given.User("u1", 1), new CreditReadReward("u1", postId, 5), Given.At(1));
        Assert.Null(decision.Rejection);
        Assert.IsType<UserReadRewarded>(decision.Event);
    }

    // ---- queries are not commands ----

    [Fact]
    public void GetUser_is_not_processed_as_a_change()
    {
        Given.Rejected(UserBux.Process(Given.User("u1", 1), new GetUser("u1"), Given.T0), RejectionCode.InvalidInput, "command");
    }

    [Fact]
    public void Apply_refuses_an_unknown_event()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => UserBux.Apply(UserBuxState.Initial, new StrangeEvent(Given.T0), "u1"));
    }

    private sealed record StrangeEvent(DateTime At) : IUserEvent
    {
        public string? IdempotencyKey => null;
        public string Fingerprint => "strange";
    }
}
