using BlocksterV2.Domain;
using BlocksterV2.Domain.Posts;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.Tests;

/// <summary>Each post operation, sent through the post shard region of a RAM-only single-node cluster.</summary>
public class PostBuxActorSpecs() : BuxNodeKit(LocalOptions(), connectionString: null)
{
    [Fact]
    public async Task Getting_an_unknown_post_is_not_found()
    {
        var rejection = await RejectedByPost(new GetPost("nothing"), RejectionCode.NotFound);
        Assert.Equal("postId", rejection.Field);
    }

    [Fact]
    public async Task Configure_sets_reward_and_read_time()
    {
        var post = await AskPost<PostBuxPoints>(new ConfigurePost("post-1", 10, 30, null));
        Assert.Equal(("post-1", 10L, 30L, 0L, 1L), (post.PostId, post.Reward, post.ReadTime, post.BuxBalance, post.Version));
        Assert.Equal(post, await AskPost<PostBuxPoints>(new GetPost("post-1")));

        var reconfigured = await AskPost<PostBuxPoints>(new ConfigurePost("post-1", 12, 20, null));
        Assert.Equal((12L, 20L, 2L), (reconfigured.Reward, reconfigured.ReadTime, reconfigured.Version));
    }

    [Fact]
    public async Task Deposit_grows_balance_and_total_deposited()
    {
        await AskPost<PostBuxPoints>(new ConfigurePost("post-2", 10, 30, null));
        await AskPost<PostBuxPoints>(new DepositToPost("post-2", 100, null));
        var post = await AskPost<PostBuxPoints>(new DepositToPost("post-2", 50, "dep-2"));
        Assert.Equal((150L, 150L), (post.BuxBalance, post.BuxDeposited));

        Assert.Equal(post, await AskPost<PostBuxPoints>(new DepositToPost("post-2", 50, "dep-2")));
        Assert.Equal(150, (await AskPost<PostBuxPoints>(new GetPost("post-2"))).BuxBalance);
        await RejectedByPost(new DepositToPost("post-2", 0, null), RejectionCode.InvalidInput);
    }

    [Fact]
    public async Task A_rewarded_read_moves_the_reward_from_the_pool_to_the_user()
    {
        const long reward = 15;
        await AskPost<PostBuxPoints>(new ConfigurePost("post-3", reward, 30, null));
        var funded = await AskPost<PostBuxPoints>(new DepositToPost("post-3", 100, null));
        var user = await AskUser<UserBuxPoints>(new CreditUser("reader-1", 7, null, null));

        var read = await AskPost<ReadRewarded>(new RewardRead("post-3", "reader-1", 31, "read-1"));
        Assert.Equal(("post-3", "reader-1", reward), (read.PostId, read.UserId, read.Reward));
        Assert.Equal(funded.BuxBalance - reward, read.PostBalance);
        Assert.Equal(user.BuxBalance + reward, read.UserBalance);

        var post = await AskPost<PostBuxPoints>(new GetPost("post-3"));
        Assert.Equal(funded.BuxBalance - reward, post.BuxBalance);
        Assert.Equal(funded.BuxDeposited, post.BuxDeposited);
        Assert.Equal(user.BuxBalance + reward, (await AskUser<UserBuxPoints>(new GetUser("reader-1"))).BuxBalance);

        // The same request again replays the result and pays nothing more.
        Assert.Equal(read, await AskPost<ReadRewarded>(new RewardRead("post-3", "reader-1", 31, "read-1")));
        Assert.Equal(user.BuxBalance + reward, (await AskUser<UserBuxPoints>(new GetUser("reader-1"))).BuxBalance);
    }

    [Fact]
    public async Task A_reader_who_never_had_bux_is_created_by_the_reward()
    {
        await AskPost<PostBuxPoints>(new ConfigurePost("post-4", 5, 0, null));
        await AskPost<PostBuxPoints>(new DepositToPost("post-4", 5, null));
        var read = await AskPost<ReadRewarded>(new RewardRead("post-4", "first-timer", 1, null));
        Assert.Equal(5, read.UserBalance);
        Assert.Equal(0, read.PostBalance);
        Assert.Equal(5, (await AskUser<UserBuxPoints>(new GetUser("first-timer"))).BuxBalance);
    }

    [Fact]
    public async Task A_second_read_by_the_same_user_is_refused()
    {
        await AskPost<PostBuxPoints>(new ConfigurePost("post-5", 10, 30, null));
        await AskPost<PostBuxPoints>(new DepositToPost("post-5", 100, null));
        var read = await AskPost<ReadRewarded>(new RewardRead("post-5", "reader-2", 60, "first"));

        var rejection = await RejectedByPost(new RewardRead("post-5", "reader-2", 60, "second"), RejectionCode.AlreadyRewarded);
        Assert.Equal("userId", rejection.Field);
        await RejectedByPost(new RewardRead("post-5", "reader-2", 90, null), RejectionCode.AlreadyRewarded);

        Assert.Equal(read.PostBalance, (await AskPost<PostBuxPoints>(new GetPost("post-5"))).BuxBalance);
        Assert.Equal(read.UserBalance, (await AskUser<UserBuxPoints>(new GetUser("reader-2"))).BuxBalance);
    }

    [Fact]
    public async Task A_read_shorter_than_the_read_time_is_refused()
    {
        await AskPost<PostBuxPoints>(new ConfigurePost("post-6", 10, 30, null));
        var funded = await AskPost<PostBuxPoints>(new DepositToPost("post-6", 100, null));

        var rejection = await RejectedByPost(new RewardRead("post-6", "reader-3", 29, null), RejectionCode.ReadTooShort);
        Assert.Equal("secondsRead", rejection.Field);
        Assert.Equal(funded, await AskPost<PostBuxPoints>(new GetPost("post-6")));
        await RejectedByUser(new GetUser("reader-3"), RejectionCode.NotFound);
    }

    [Fact]
    public async Task A_pool_smaller_than_the_reward_is_refused()
    {
        await AskPost<PostBuxPoints>(new ConfigurePost("post-7", 10, 30, null));
        var funded = await AskPost<PostBuxPoints>(new DepositToPost("post-7", 9, null));

        var rejection = await RejectedByPost(new RewardRead("post-7", "reader-4", 60, null), RejectionCode.PoolTooSmall);
        Assert.Equal("postId", rejection.Field);
        Assert.Equal(funded, await AskPost<PostBuxPoints>(new GetPost("post-7")));
        await RejectedByUser(new GetUser("reader-4"), RejectionCode.NotFound);
    }

    [Fact]
    public async Task Reading_a_post_that_does_not_exist_or_has_no_reward_is_refused()
    {
        await RejectedByPost(new RewardRead("post-none", "reader-5", 60, null), RejectionCode.NotFound);
        await AskPost<PostBuxPoints>(new DepositToPost("post-8", 100, null));
        await RejectedByPost(new RewardRead("post-8", "reader-5", 60, null), RejectionCode.RewardNotConfigured);
    }

    [Fact]
    public async Task A_reward_the_user_cannot_take_is_refused_and_stores_nothing_on_the_post()
    {
        await AskUser<UserBuxPoints>(new CreditUser("whale", long.MaxValue, null, null));
        await AskPost<PostBuxPoints>(new ConfigurePost("post-9", 10, 0, null));
        var funded = await AskPost<PostBuxPoints>(new DepositToPost("post-9", 100, null));

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var refusal = await AskPost<Rejection>(new RewardRead("post-9", "whale", 1, "whale-read"));
            Assert.Equal(RejectionCode.InvalidInput, refusal.Code);
            Assert.Contains("overflow", refusal.Reason);
        }

        Assert.Equal(funded, await AskPost<PostBuxPoints>(new GetPost("post-9"))); // same balance, same version: no event
        Assert.Equal(long.MaxValue, (await AskUser<UserBuxPoints>(new GetUser("whale"))).BuxBalance);

        // The pair was never paid, so another reader is still paid from the pool.
        var other = await AskPost<ReadRewarded>(new RewardRead("post-9", "minnow", 1, null));
        Assert.Equal(funded.BuxBalance - 10, other.PostBalance);
    }

    [Fact]
    public async Task A_read_reward_for_a_post_with_a_maximum_length_id_reaches_the_user()
    {
        var postId = new string('p', BlocksterV2.Domain.Validation.Ids.MaxLength);
        await AskPost<PostBuxPoints>(new ConfigurePost(postId, 10, 0, null));
        await AskPost<PostBuxPoints>(new DepositToPost(postId, 10, null));
        var read = await AskPost<ReadRewarded>(new RewardRead(postId, "long-post-reader", 1, null));
        Assert.Equal(10, read.UserBalance);
    }
}
