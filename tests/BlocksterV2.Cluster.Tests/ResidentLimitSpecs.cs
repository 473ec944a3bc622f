using Akka.Actor;
using Akka.Cluster.Sharding;
using BlocksterV2.Cluster.Entities;
using BlocksterV2.Cluster.Hosting;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.Tests;

/// <summary>With <c>Bux:Entities:MaxResident</c> = N a node hosts at most N entities, and nothing is lost on the way out.</summary>
public sealed class ResidentLimitSpecs() : BuxNodeKit(WithLimit(), connectionString: null)
{
    private const int Limit = 10;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static BuxNodeOptions WithLimit()
    {
        var options = LocalOptions();
        options.Entities.MaxResident = Limit;
        return options;
    }

    [Fact]
    public async Task After_touching_three_times_the_limit_the_node_hosts_at_most_the_limit_and_every_user_has_its_balance()
    {
        var users = Enumerable.Range(0, 3 * Limit).Select(i => $"many-{i}").ToList();
        foreach (var (user, i) in users.Select((u, i) => (u, i)))
            await AskUser<UserBuxPoints>(new CreditUser(user, i + 1, null, $"k-{i}"));

        await AwaitAssertAsync(async () => Assert.InRange(await ResidentUsers(), 1, Limit), Deadline, TimeSpan.FromMilliseconds(50),
            TestContext.Current.CancellationToken);
        foreach (var (user, i) in users.Select((u, i) => (u, i)))
            Assert.Equal(i + 1, (await AskUser<UserBuxPoints>(new GetUser(user))).BuxBalance);
        await AwaitAssertAsync(async () => Assert.InRange(await ResidentUsers(), 1, Limit), Deadline, TimeSpan.FromMilliseconds(50),
            TestContext.Current.CancellationToken);

        var counts = ResidentEntities.For(Sys).Counts();
        Assert.Equal(Limit, counts.Limit);
        Assert.True(counts.Passivations >= 2 * Limit * 2 - Limit, $"passivations: {counts.Passivations}");
        Assert.InRange(counts.Total, 0, Limit);
    }

    [Fact]
    public async Task Credits_racing_with_their_entitys_passivation_are_each_applied_exactly_once()
    {
        // 20 users take turns on a node that keeps 10: nearly every credit starts an entity and makes another leave
        // while credits for that one are still arriving
        const int credits = 300;
        var users = Enumerable.Range(0, 2 * Limit).Select(i => $"racer-{i}").ToList();
        for (var i = 0; i < credits; i++)
            Users.Tell(new CreditUser(users[i % users.Count], 1, null, $"race-{i}"), TestActor);
        for (var i = 0; i < credits; i++)
            await ExpectMsgAsync<UserBuxPoints>(ReplyTimeout, cancellationToken: TestContext.Current.CancellationToken);

        foreach (var user in users)
            Assert.Equal(credits / users.Count, (await AskUser<UserBuxPoints>(new GetUser(user))).BuxBalance);
        // a replayed key after the entity left and came back is still a replay (the first answer), not a second credit
        var again = await AskUser<UserBuxPoints>(new CreditUser(users[0], 1, null, "race-0"));
        Assert.Equal(1, again.BuxBalance);
        Assert.Equal(credits / users.Count, (await AskUser<UserBuxPoints>(new GetUser(users[0]))).BuxBalance);
        Assert.True(ResidentEntities.For(Sys).Counts().Passivations > 0);
    }

    private async Task<int> ResidentUsers()
    {
        var state = await Users.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        return state.Shards.Sum(shard => shard.EntityIds.Count);
    }
}
