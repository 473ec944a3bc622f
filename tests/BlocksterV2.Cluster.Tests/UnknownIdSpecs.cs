using Akka.Actor;
using Akka.Cluster.Sharding;
using BlocksterV2.Domain;
using BlocksterV2.Domain.Posts;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.Tests;

/// <summary>A scan of random ids answers 404 (or its refusal) and leaves no entity behind: nothing stored, nothing resident.</summary>
public sealed class UnknownIdSpecs() : BuxNodeKit(LocalOptions(), connectionString: null)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Reading_users_that_do_not_exist_answers_not_found_and_keeps_no_entity_resident()
    {
        var ids = Enumerable.Range(0, 20).Select(i => $"nobody-{i}").ToList();
        foreach (var id in ids)
            await RejectedByUser(new GetUser(id), RejectionCode.NotFound);

        await AwaitAssertAsync(async () => Assert.Empty((await Resident(Users)).Intersect(ids)), Deadline, TimeSpan.FromMilliseconds(50), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_refused_first_command_leaves_no_entity_and_a_user_with_events_stays_resident()
    {
        await RejectedByUser(new DebitUser("never-credited", 5, null, null), RejectionCode.Overdraft);
        await AskUser<UserBuxPoints>(new CreditUser("credited", 5, null, null));
        await RejectedByUser(new DebitUser("credited", 50, null, null), RejectionCode.Overdraft);

        await AwaitAssertAsync(async () => Assert.DoesNotContain("never-credited", await Resident(Users)), Deadline, TimeSpan.FromMilliseconds(50), TestContext.Current.CancellationToken);
        Assert.Contains("credited", await Resident(Users));
        Assert.Equal(5, (await AskUser<UserBuxPoints>(new GetUser("credited"))).BuxBalance);
    }

    [Fact]
    public async Task Reading_or_rewarding_a_post_that_does_not_exist_keeps_no_entity_resident()
    {
        await RejectedByPost(new GetPost("no-post"), RejectionCode.NotFound);
        await RejectedByPost(new RewardRead("no-post-2", "reader", 10, null), RejectionCode.NotFound);

        await AwaitAssertAsync(async () =>
        {
            var resident = await Resident(Posts);
            Assert.DoesNotContain("no-post", resident);
            Assert.DoesNotContain("no-post-2", resident);
        }, Deadline, TimeSpan.FromMilliseconds(50), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_credit_right_behind_a_read_of_an_unknown_user_is_stored_and_answered()
    {
        // the read makes the empty entity ask to stop; the credit arrives while it stops and must start it again
        Users.Tell(new GetUser("latecomer"), TestActor);
        Users.Tell(new CreditUser("latecomer", 7, null, null), TestActor);

        Assert.Equal(RejectionCode.NotFound, (await ExpectMsgAsync<Rejection>(ReplyTimeout, cancellationToken: TestContext.Current.CancellationToken)).Code);
        Assert.Equal(7, (await ExpectMsgAsync<UserBuxPoints>(ReplyTimeout, cancellationToken: TestContext.Current.CancellationToken)).BuxBalance);
        Assert.Equal(7, (await AskUser<UserBuxPoints>(new GetUser("latecomer"))).BuxBalance);
    }

    private static async Task<IReadOnlyCollection<string>> Resident(IActorRef region)
    {
        var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(5));
        return state.Shards.SelectMany(shard => shard.EntityIds).ToList();
    }
}
