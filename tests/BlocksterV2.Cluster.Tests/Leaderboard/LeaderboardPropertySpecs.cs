using Akka.Actor;
using Akka.DistributedData;
using BlocksterV2.Cluster.Hosting;
using BlocksterV2.Cluster.Leaderboard;
using BlocksterV2.Domain;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.Tests.Leaderboard;

/// <summary>
/// The ORSet holds exactly the top K that the tables hold: random credits and debits over 5,000 users with K=100,
/// checked after every batch against a model built from the entities' own replies, before and after the
/// reconciler runs, with users pushed out of the top K and brought back on purpose.
/// </summary>
public sealed class LeaderboardPropertySpecs() : BuxNodeKit(BoardOptions(), connectionString: null)
{
    private const int UserCount = 5_000;
    private const int K = 100;
    private const int Batches = 12;
    private const int OperationsPerBatch = 600;
    private static readonly TimeSpan Converges = TimeSpan.FromSeconds(10);
    private readonly Dictionary<string, UserBuxPoints> _model = new(StringComparer.Ordinal);

    private static BuxNodeOptions BoardOptions()
    {
        var options = LocalOptions();
        options.Leaderboard.Size = K;
        options.Leaderboard.FlushInterval = TimeSpan.FromMilliseconds(20);
        options.Leaderboard.ReconcileInterval = TimeSpan.FromHours(1); // run on demand here
        options.PassivateIdleAfter = TimeSpan.FromHours(1);
        return options;
    }

    [Fact]
    public async Task After_every_batch_the_ORSet_top_K_equals_the_tables_top_K_before_and_after_reconciling()
    {
        var random = new Random(20261124);
        await Apply(Enumerable.Range(0, UserCount).Select(i => (IUserCommand)new CreditUser(UserId(i), random.Next(1, 10_000), "seed", null)));
        await AssertBoardMatchesModel("after seeding");

        var cameBack = 0;
        for (var batch = 1; batch <= Batches; batch++)
        {
            // Push some of the top K out, alone: only the users ranked just below can fill their places.
            var pushedOut = Expected().Take(K).OrderBy(_ => random.Next()).Take(5).Select(e => e.UserId).ToList();
            await Apply(pushedOut.Select(id => (IUserCommand)new DebitUser(id, _model[id].BuxBalance, "push out", null)));
            await AssertBoardMatchesModel($"after pushing out the users of batch {batch}");
            Assert.DoesNotContain(Board(), e => pushedOut.Contains(e.UserId));

            // Bring them back above everyone, among random credits and debits.
            var comebacks = pushedOut.Select(id => (IUserCommand)new CreditUser(id, 1_000_000 + random.Next(1000), "comeback", null));
            var randomOperations = Enumerable.Range(0, OperationsPerBatch).Select(_ =>
            {
                var id = UserId(random.Next(UserCount));
                return random.Next(3) == 0
                    ? (IUserCommand)new DebitUser(id, random.Next(1, 5_000), "random", null)
                    : new CreditUser(id, random.Next(1, 20_000), "random", null);
            });
            await Apply(randomOperations.Concat(comebacks));
            await AssertBoardMatchesModel($"after batch {batch}");
            cameBack += Board().Count(e => pushedOut.Contains(e.UserId));

            var reconciled = await Leaderboards.ReconcileNow(Sys, TimeSpan.FromSeconds(10));
            Assert.Null(reconciled.Skipped);
            Assert.Equal((0, 0), (reconciled.Removed, reconciled.Added)); // the writer left nothing to repair
            await AssertBoardMatchesModel($"after reconciling batch {batch}");
        }
        Assert.Equal(5 * Batches, cameBack);
    }

    [Fact]
    public async Task The_reconciler_repairs_a_set_that_lost_its_leader_and_holds_a_user_no_table_knows()
    {
        var random = new Random(7);
        await Apply(Enumerable.Range(0, 1_000).Select(i => (IUserCommand)new CreditUser(UserId(i), random.Next(1, 10_000), "seed", null)));
        await AssertBoardMatchesModel("after seeding");

        var leader = Board()[0];
        var ghost = new LeaderboardEntry("ghost", long.MaxValue / 2, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), 1);
        var self = Akka.Cluster.Cluster.Get(Sys).SelfUniqueAddress;
        var replicator = DistributedData.Get(Sys).Replicator;
        var corrupted = await replicator.Ask<IUpdateResponse>(Dsl.Update(LeaderboardKey.TopK, ORSet<LeaderboardEntry>.Empty, WriteLocal.Instance,
            set => set.Remove(self, leader).Add(self, ghost)), TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.IsType<UpdateSuccess>(corrupted);
        Assert.Contains(ghost, await RawSet());

        var reconciled = await Leaderboards.ReconcileNow(Sys, TimeSpan.FromSeconds(10));

        Assert.Null(reconciled.Skipped);
        Assert.True(reconciled.Removed >= 1, $"removed {reconciled.Removed}");
        Assert.DoesNotContain(ghost, await RawSet());
        await AssertBoardMatchesModel("after the repair");
    }

    private static string UserId(int i) => $"user-{i:D5}";

    /// <summary>Runs the commands 64 at a time through the shard region; the replies (newest version per user) are the model.</summary>
    private async Task Apply(IEnumerable<IUserCommand> commands)
    {
        foreach (var chunk in commands.Chunk(64))
        {
            var replies = await Task.WhenAll(chunk.Select(c => Users.Ask<object>(c, ReplyTimeout)));
            foreach (var reply in replies)
            {
                if (reply is UserBuxPoints record && (!_model.TryGetValue(record.UserId, out var known) || record.Version > known.Version))
                    _model[record.UserId] = record;
                else if (reply is Rejection { Code: not RejectionCode.Overdraft } rejection)
                    throw new Xunit.Sdk.XunitException($"unexpected rejection: {rejection}");
            }
        }
    }

    private IEnumerable<LeaderboardEntry> Expected() =>
        _model.Values
            .Select(r => new LeaderboardEntry(r.UserId, r.BuxBalance, r.UpdatedAt, r.Version))
            .Order(LeaderboardOrder.Instance);

    /// <summary>The board exactly as the ORSet holds it: sorted, and asserted to hold each user once.</summary>
    private IReadOnlyList<LeaderboardEntry> Board()
    {
        var set = RawSet().GetAwaiter().GetResult();
        Assert.Equal(set.Count, set.Select(e => e.UserId).Distinct().Count());
        return set.Order(LeaderboardOrder.Instance).ToList();
    }

    private async Task<IReadOnlyCollection<LeaderboardEntry>> RawSet()
    {
        var response = await DistributedData.Get(Sys).Replicator.Ask<IGetResponse>(
            Dsl.Get(LeaderboardKey.TopK, ReadLocal.Instance), TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        return response is GetSuccess success ? success.Get(LeaderboardKey.TopK).Elements : [];
    }

    private async Task AssertBoardMatchesModel(string when)
    {
        var expected = Expected().Take(K).ToList();
        await AwaitAssertAsync(() =>
        {
            Assert.Equal(expected, Board()); // exactly the top K: nothing missing, nothing extra, each user once
            Assert.Equal(expected.Take(10), Leaderboard.Current.Top(10).ToArray()); // the node's cached view too
        }, Converges, TimeSpan.FromMilliseconds(50), TestContext.Current.CancellationToken);
        var tableTop = Tables.Users.Rows().Select(LeaderboardEntry.Of).Order(LeaderboardOrder.Instance).Take(K).ToList();
        Assert.True(expected.SequenceEqual(tableTop), $"{when}: the local table's top K differs from the entities' replies");
    }
}
