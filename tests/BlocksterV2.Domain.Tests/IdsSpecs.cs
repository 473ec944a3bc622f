using BlocksterV2.Domain.Posts;
using BlocksterV2.Domain.Users;
using BlocksterV2.Domain.Validation;

namespace BlocksterV2.Domain.Tests;

public class IdsSpecs
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void An_empty_id_is_refused_naming_the_field(string? id)
    {
        var rejection = Assert.IsType<Rejection>(Ids.Check(id, "userId"));
        Assert.Equal(RejectionCode.InvalidInput, rejection.Code);
        Assert.Equal("userId", rejection.Field);
    }

    [Fact]
    public void An_id_of_exactly_the_maximum_length_is_accepted()
    {
        Assert.Equal(128, Ids.MaxLength);
        Assert.Null(Ids.Check(new string('a', Ids.MaxLength), "postId"));
    }

    [Fact]
    public void An_id_longer_than_the_maximum_is_refused()
    {
        var rejection = Assert.IsType<Rejection>(Ids.Check(new string('a', Ids.MaxLength + 1), "postId"));
        Assert.Equal(RejectionCode.InvalidInput, rejection.Code);
        Assert.Equal("postId", rejection.Field);
        Assert.Contains((Ids.MaxLength + 1).ToString(), rejection.Reason);
    }

    [Theory]
    [InlineData("abcdefghijklmnopqrstuvwxyz")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ")]
    [InlineData("0123456789")]
    [InlineData("_")]
    [InlineData("...")]
    [InlineData(".hidden")]
    [InlineData(":")]
    [InlineData("-")]
    [InlineData("user_42.v1:eu-west")]
    public void Letters_digits_and_the_four_punctuation_marks_are_allowed(string id) =>
        Assert.Null(Ids.Check(id, "userId"));

    [Theory]
    [InlineData("user 1", ' ')]
    [InlineData("user/1", '/')]
    [InlineData("user@1", '@')]
    [InlineData("user#1", '#')]
    [InlineData("user%1", '%')]
    [InlineData("user|1", '|')]
    [InlineData("user,1", ',')]
    [InlineData("user\n1", '\n')]
    [InlineData("usér", 'é')]
    [InlineData("user\t1", '\t')]
    [InlineData("user١", '١')] // Arabic-Indic digit one: a digit, but not an ASCII one
    public void Any_other_character_is_refused_and_named(string id, char bad)
    {
        var rejection = Assert.IsType<Rejection>(Ids.Check(id, "userId"));
        Assert.Equal(RejectionCode.InvalidInput, rejection.Code);
        Assert.Equal("userId", rejection.Field);
        Assert.Contains($"'{bad}'", rejection.Reason);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public void A_dot_or_two_dots_is_refused_because_no_url_path_can_name_it(string id)
    {
        var rejection = Assert.IsType<Rejection>(Ids.Check(id, "userId"));
        Assert.Equal("userId", rejection.Field);
        Assert.Contains("cannot be addressed in a URL path", rejection.Reason);
    }

    [Fact]
    public void A_client_may_not_use_the_key_prefix_of_rewarded_reads_and_a_credit_with_it_stores_nothing()
    {
        var rejection = Assert.IsType<Rejection>(Ids.CheckOptionalKey("read-reward:p1"));
        Assert.Equal("idempotencyKey", rejection.Field);
        Assert.Contains("must not start with 'read-reward:'", rejection.Reason);
        Given.Rejected(UserBux.Process(Given.User("u1", 100), new CreditUser("u1", 5, null, "read-reward:p1"), Given.T0),
            RejectionCode.InvalidInput, "idempotencyKey");
        // the store's own step still uses it
        Assert.Equal("read-reward:p1", CreditReadReward.KeyFor("p1"));
        Assert.Null(Ids.CheckOptionalKey("Read-Reward:p1"));
    }

    [Fact]
    public void A_missing_idempotency_key_is_fine_but_a_present_one_follows_the_id_rules()
    {
        Assert.Null(Ids.CheckOptionalKey(null));
        Assert.Null(Ids.CheckOptionalKey("order-17:retry.2"));

        foreach (var bad in new[] { "", "has space", new string('k', Ids.MaxLength + 1) })
        {
            var rejection = Assert.IsType<Rejection>(Ids.CheckOptionalKey(bad));
            Assert.Equal(RejectionCode.InvalidInput, rejection.Code);
            Assert.Equal("idempotencyKey", rejection.Field);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad id")]
    [InlineData("bad/id")]
    public void User_commands_with_a_bad_user_id_are_refused_before_anything_else(string userId)
    {
        var state = Given.User("u1", 100);
        IUserCommand[] commands =
        [
            new CreditUser(userId, 5, null, null),
            new DebitUser(userId, 5, null, null),
            new SetUserWallet(userId, TestData.Wallet, null),
            new WriteUser(userId, 1, null, 5, null, null, null, null, null),
            new CreditReadReward(userId, "p1", 5),
        ];
        foreach (var command in commands)
            Given.Rejected(UserBux.Process(state, command, Given.T0), RejectionCode.InvalidInput, "userId");
    }

    [Fact]
    public void A_user_id_over_the_maximum_length_is_refused_by_the_user_rules()
    {
        var command = new CreditUser(new string('u', Ids.MaxLength + 1), 5, null, null);
        Given.Rejected(UserBux.Process(UserBuxState.Initial, command, Given.T0), RejectionCode.InvalidInput, "userId");
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad id")]
    [InlineData("bad*id")]
    public void Post_commands_with_a_bad_post_id_are_refused(string postId)
    {
        var state = Given.Post("p1", 10, 5, 100);
        IPostCommand[] commands =
        [
            new ConfigurePost(postId, 10, 5, null),
            new DepositToPost(postId, 10, null),
            new RewardRead(postId, "u1", 60, null),
        ];
        foreach (var command in commands)
            Given.Rejected(PostBux.Process(state, command, Given.T0), RejectionCode.InvalidInput, "postId");
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad id")]
    [InlineData("bad!id")]
    public void A_rewarded_read_by_a_bad_user_id_is_refused(string userId)
    {
        var state = Given.Post("p1", 10, 5, 100);
        Given.Rejected(PostBux.Process(state, new RewardRead("p1", userId, 60, null), Given.T0), RejectionCode.InvalidInput, "userId");
    }

    [Theory]
    [InlineData("")]
    [InlineData("key with space")]
    [InlineData("key/slash")]
    public void Commands_with_a_malformed_idempotency_key_are_refused(string key)
    {
        Given.Rejected(UserBux.Process(UserBuxState.Initial, new CreditUser("u1", 5, null, key), Given.T0),
            RejectionCode.InvalidInput, "idempotencyKey");
        Given.Rejected(PostBux.Process(PostBuxState.Initial, new DepositToPost("p1", 5, key), Given.T0),
            RejectionCode.InvalidInput, "idempotencyKey");
    }
}
