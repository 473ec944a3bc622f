using BlocksterV2.Cluster.Leaderboard;
using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.Tests.LocalTableSpecs;

/// <summary>
/// Range queries, ranks and the top of a local table, checked against a plain LINQ model of the same rows:
/// inclusive bounds, leaderboard order with its ties, and paging with the cursor that returns each row exactly once.
/// </summary>
public sealed class LocalTableQuerySpecs
{
    private static readonly long[] Times = Enumerable.Range(0, 8).Select(i => new DateTime(2026, 5, 1, 0, 0, i, DateTimeKind.Utc).Ticks).ToArray();
    private static readonly string[] IdShapes = ["u:{0}", "u{0}", "U-{0}", "a.b:{0}:c", "{0}"];

    private readonly LocalTable<UserRow> _table = new("user_bux_points");
    private readonly Dictionary<string, (long Balance, long Ticks)> _model = new(StringComparer.Ordinal);

    private void Put(string id, long balance, long ticks)
    {
        var version = _table.Get(id)?.Version + 1 ?? 1;
        var at = new DateTime(ticks, DateTimeKind.Utc);
        _table.Put(UserRow.From(new UserBuxPoints(id, "", balance, null, null, null, null, at, at, version), id));
        _model[id] = (balance, ticks);
    }

    /// <summary>~1500 rows (several index chunks) with few distinct balances and times, so ties are everywhere; then updates.</summary>
    private Random Fill(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 1500; i++)
            Put(string.Format(IdShapes[i % IdShapes.Length], i), RandomBalance(random), Times[random.Next(Times.Length)]);
        var ids = _model.Keys.ToArray();
        for (var i = 0; i < 600; i++)
            Put(ids[random.Next(ids.Length)], RandomBalance(random), Times[random.Next(Times.Length)]);
        return random;
    }

    private static long RandomBalance(Random random) => random.Next(10) == 0 ? long.MaxValue - random.Next(2) : random.Next(0, 20);

    private IEnumerable<KeyValuePair<string, (long Balance, long Ticks)>> InBalanceOrder() =>
        _model.OrderByDescending(r => r.Value.Balance).ThenBy(r => r.Value.Ticks).ThenBy(r => r.Key, StringComparer.Ordinal);

    private List<string> PageThroughByBalance(long min, long max, long since, int limit)
    {
        var keys = new List<string>();
        BalanceEntry? after = null;
        for (var pages = 0; ; pages++)
        {
            Assert.True(pages <= _model.Count + 1, "paging did not end");
            var page = _table.ByBalance(min, max, since, after, limit);
            Assert.True(page.Rows.Count <= limit);
            if (page.More)
                Assert.Equal(limit, page.Rows.Count); // a page is short only when it is the last
            keys.AddRange(page.Rows.Select(r => r.Key));
            if (!page.More)
                return keys;
            after = LocalTable<UserRow>.BalanceOf(page.Rows[^1]);
        }
    }

    private List<string> PageThroughByUpdated(long since, int limit)
    {
        var keys = new List<string>();
        UpdatedEntry? after = null;
        for (var pages = 0; ; pages++)
        {
            Assert.True(pages <= _model.Count + 1, "paging did not end");
            var page = _table.ByUpdated(since, after, limit);
            Assert.True(page.Rows.Count <= limit);
            if (page.More)
                Assert.Equal(limit, page.Rows.Count);
            keys.AddRange(page.Rows.Select(r => r.Key));
            if (!page.More)
                return keys;
            after = new UpdatedEntry(page.Rows[^1].UpdatedTicks, page.Rows[^1].Key);
        }
    }

    [Fact]
    public void Balance_ranges_page_through_every_matching_row_once_in_leaderboard_order()
    {
        var random = Fill(1);
        int[] limits = [1, 3, 17, 100, 1000];
        for (var q = 0; q < 60; q++)
        {
            long min = random.Next(0, 21);
            var max = random.Next(4) == 0 ? long.MaxValue : min + random.Next(0, 6);
            var since = random.Next(3) == 0 ? long.MinValue : Times[random.Next(Times.Length)];
            var limit = limits[random.Next(limits.Length)];

            var expected = InBalanceOrder()
                .Where(r => r.Value.Balance >= min && r.Value.Balance <= max && r.Value.Ticks >= since)
                .Select(r => r.Key).ToList();

            var paged = PageThroughByBalance(min, max, since, limit);

            Assert.Equal(expected, paged); // same rows, same order: each exactly once
        }
    }

    [Fact]
    public void Both_balance_bounds_are_inclusive()
    {
        Fill(2);
        foreach (var balance in new long[] { 0, 7, 19, long.MaxValue - 1, long.MaxValue })
        {
            var exact = _model.Where(r => r.Value.Balance == balance).Select(r => r.Key).ToHashSet();
            Assert.NotEmpty(exact);
            Assert.Equal(exact, PageThroughByBalance(balance, balance, long.MinValue, 1000).ToHashSet());
        }
        Assert.Empty(PageThroughByBalance(20, long.MaxValue - 2, long.MinValue, 1000));
    }

    [Fact]
    public void Updated_since_pages_oldest_first_with_the_bound_inclusive()
    {
        var random = Fill(3);
        foreach (var since in Times.Append(long.MinValue).Append(Times[^1] + 1))
        {
            var limit = random.Next(1, 300);
            var expected = _model.Where(r => r.Value.Ticks >= since)
                .OrderBy(r => r.Value.Ticks).ThenBy(r => r.Key, StringComparer.Ordinal)
                .Select(r => r.Key).ToList();

            Assert.Equal(expected, PageThroughByUpdated(since, limit));
        }
    }

    [Fact]
    public void Rank_is_the_place_in_leaderboard_order_for_every_row()
    {
        Fill(4);
        var order = InBalanceOrder().Select(r => r.Key).ToList();
        for (var place = 0; place < order.Count; place++)
        {
            var rank = _table.Rank(order[place]);
            Assert.NotNull(rank);
            Assert.Equal(place + 1L, rank.Value.Rank);
            Assert.Equal(order[place], rank.Value.Row.Key);
        }
        Assert.Null(_table.Rank("nobody"));
    }

    [Fact]
    public void Top_is_the_first_rows_in_leaderboard_order()
    {
        Fill(5);
        var order = InBalanceOrder().Select(r => r.Key).ToList();
        foreach (var n in new[] { 0, 1, 10, 256, 257, order.Count, order.Count + 5 })
            Assert.Equal(order.Take(n), _table.Top(n).Select(r => r.Key));
    }

    [Fact]
    public void Equal_balances_order_by_the_earlier_update_then_by_the_ordinal_user_id()
    {
        Put("b", 10, Times[1]);
        Put("a:2", 10, Times[1]);
        Put("a:10", 10, Times[1]);
        Put("z", 10, Times[0]);
        Put("rich", 11, Times[7]);
        Put("A", 10, Times[1]);

        Assert.Equal(["rich", "z", "A", "a:10", "a:2", "b"], _table.Top(10).Select(r => r.Key));
        Assert.Equal(3L, _table.Rank("A")!.Value.Rank);
        // the same order LeaderboardOrder gives entries
        var entries = _table.Top(10).Select(LeaderboardEntry.Of).ToList();
        Assert.Equal(entries.Order(LeaderboardOrder.Instance), entries);
    }

    [Fact]
    public void An_updated_row_moves_in_both_indexes_and_leaves_nothing_behind()
    {
        Put("a", 5, Times[0]);
        Put("b", 7, Times[1]);
        Put("a", 9, Times[2]);

        Assert.Equal(["a", "b"], _table.Top(10).Select(r => r.Key));
        Assert.Equal(["b", "a"], PageThroughByUpdated(long.MinValue, 10));
        Assert.Empty(PageThroughByBalance(5, 5, long.MinValue, 10));
        Assert.Equal(2, _table.Count);
    }
}
