using Akka.Actor;
using Akka.TestKit;
using BlocksterV2.Cluster.Entities;
using BlocksterV2.Domain;
using BlocksterV2.Domain.Posts;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.Tests;

/// <summary>
/// A post asks the reader's entity before it reserves a reward. Here a test probe stands in for the user region,
/// so each answer (and each silence) is the spec's choice: the race the check cannot see still ends in a refund.
/// </summary>
public sealed class ReadRewardCheckSpecs() : BuxNodeKit(LocalOptions(), connectionString: null)
{
    private static readonly EntitySettings Settings = new(SnapshotEvery: 100, RewardRetryInterval: TimeSpan.FromMilliseconds(300));

    [Fact]
    public async Task A_reader_who_can_no_longer_take_the_reward_after_the_check_refuses_the_credit_and_the_pool_is_refunded()
    {
        var (post, users) = await FundedPost("race-post");

        post.Tell(new RewardRead("race-post", "reader", 5, "r-1"), TestActor);
        var check = await users.ExpectMsgAsync<CheckReadReward>(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(("reader", "race-post", 10L), (check.UserId, check.PostId, check.Amount));
        users.Reply(new ReadRewardChecked("race-post", "reader", null));
        var credit = await users.ExpectMsgAsync<CreditReadReward>(cancellationToken: TestContext.Current.CancellationToken);
        var overflow = Rejection.Invalid("amount", "amount would overflow");
        users.Reply(new ReadRewardRefused("race-post", "reader", overflow));

        Assert.Equal(overflow, await ExpectMsgAsync<Rejection>(ReplyTimeout, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(10, credit.Amount);
        var after = await Ask<PostBuxPoints>(post, new GetPost("race-post"));
        Assert.Equal(100, after.BuxBalance);
        Assert.Equal(4, after.Version); // configured, deposited, then reserved and cancelled
    }

    [Fact]
    public async Task A_check_nobody_answers_does_not_block_the_reward()
    {
        var (post, users) = await FundedPost("quiet-post");

        post.Tell(new RewardRead("quiet-post", "reader", 5, "r-1"), TestActor);
        await users.ExpectMsgAsync<CheckReadReward>(cancellationToken: TestContext.Current.CancellationToken);
        // no answer: after the retry interval the post reserves and sends the credit anyway
        await users.ExpectMsgAsync<CreditReadReward>(TimeSpan.FromSeconds(5), cancellationToken: TestContext.Current.CancellationToken);
        users.Reply(new ReadRewardCredited("quiet-post", "reader", 10));

        var read = await ExpectMsgAsync<ReadRewarded>(ReplyTimeout, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal((10L, 90L), (read.Reward, read.PostBalance));
        users.Reply(new ReadRewardChecked("quiet-post", "reader", Rejection.Invalid("amount", "late answer"))); // ignored
        Assert.Equal(90, (await Ask<PostBuxPoints>(post, new GetPost("quiet-post"))).BuxBalance);
    }

    [Fact]
    public async Task Reads_that_arrive_during_a_check_wait_for_it_and_are_answered_in_turn()
    {
        var (post, users) = await FundedPost("busy-post");
        var second = CreateTestProbe();

        post.Tell(new RewardRead("busy-post", "reader", 5, "r-1"), TestActor);
        await users.ExpectMsgAsync<CheckReadReward>(cancellationToken: TestContext.Current.CancellationToken);
        post.Tell(new RewardRead("busy-post", "reader", 5, "r-2"), second); // another key, same reader
        users.Reply(new ReadRewardChecked("busy-post", "reader", null));
        await users.ExpectMsgAsync<CreditReadReward>(cancellationToken: TestContext.Current.CancellationToken);
        users.Reply(new ReadRewardCredited("busy-post", "reader", 10));

        Assert.Equal(10, (await ExpectMsgAsync<ReadRewarded>(ReplyTimeout, cancellationToken: TestContext.Current.CancellationToken)).Reward);
        var refused = await second.ExpectMsgAsync<Rejection>(ReplyTimeout, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(RejectionCode.AlreadyRewarded, refused.Code);
        Assert.Equal(90, (await Ask<PostBuxPoints>(post, new GetPost("busy-post"))).BuxBalance);
    }

    private async Task<(IActorRef Post, TestProbe Users)> FundedPost(string postId)
    {
        var users = CreateTestProbe();
        var post = Sys.ActorOf(Props.Create(() => new PostBuxActor(postId, users.Ref, Settings, NoFaults.Instance)));
        await Ask<PostBuxPoints>(post, new ConfigurePost(postId, 10, 0, null));
        await Ask<PostBuxPoints>(post, new DepositToPost(postId, 100, null));
        return (post, users);
    }

    private static Task<T> Ask<T>(IActorRef actor, object message) => actor.Ask<T>(message, ReplyTimeout, TestContext.Current.CancellationToken);
}
