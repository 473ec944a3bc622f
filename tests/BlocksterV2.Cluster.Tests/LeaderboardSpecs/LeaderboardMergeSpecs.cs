using BlocksterV2.Cluster.Leaderboard;

namespace BlocksterV2.Cluster.Tests.LeaderboardSpecs;

/// <summary>
/// The pure rules that keep the replicated set the top K: one entry per user (its newest version), leaderboard
/// order, trimmed to K; and the reconciler's rebuild, which must not undo writes the nodes' reports predate.
/// </summary>
public sealed class LeaderboardMergeSpecs
{
    private static readonly DateTime T0 = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private static LeaderboardEntry E(string user, long balance, int second, long version) => new(user, balance, T0.AddSeconds(second), version);

    /// <summary>The set after a repair: what the writer's ORSet holds once it removed and added.</summary>
    private static HashSet<LeaderboardEntry> Applied(IEnumerable<LeaderboardEntry> current, LeaderboardRepair repair)
    {
        var set = current.ToHashSet();
        set.ExceptWith(repair.Remove);
        set.UnionWith(repair.Add);
        return set;
    }

    [Fact]
    public void Sorted_keeps_each_users_newest_version_only()
    {
        var sorted = LeaderboardMerge.Sorted([E("a", 500, 1, 1), E("a", 10, 2, 2), E("b", 100, 0, 7), E("b", 900, 5, 6)], 10);

        // a's version 2 is newer even though its balance is lower; b's version 7 beats version 6 despite its earlier time
        Assert.Equal([E("b", 100, 0, 7), E("a", 10, 2, 2)], sorted);
    }

    [Fact]
    public void Sorted_breaks_an_exact_version_tie_by_the_later_update()
    {
        var sorted = LeaderboardMerge.Sorted([E("a", 5, 9, 3), E("a", 50, 1, 3)], 10);
        Assert.Equal([E("a", 5, 9, 3)], sorted);
    }

    [Fact]
    public void Sorted_orders_by_balance_then_earlier_update_then_user_id_and_trims()
    {
        var entries = new[] { E("d", 10, 5, 1), E("c", 20, 9, 1), E("b", 10, 5, 1), E("a", 10, 6, 1), E("e", 10, 1, 1), E("f", 1, 0, 1) };

        Assert.Equal(["c", "e", "b", "d", "a", "f"], LeaderboardMerge.Sorted(entries, 10).Select(e => e.UserId));
        Assert.Equal(["c", "e", "b"], LeaderboardMerge.Sorted(entries, 3).Select(e => e.UserId));
        Assert.Empty(LeaderboardMerge.Sorted([], 3));
    }

    [Fact]
    public void User_ids_compare_ordinally_not_by_culture()
    {
        // ordinal: upper case before lower case, '.' before digits
        var sorted = LeaderboardMerge.Sorted([E("b", 1, 0, 1), E("B", 1, 0, 1), E("a.1", 1, 0, 1), E("a1", 1, 0, 1)], 10);
        Assert.Equal(["B", "a.1", "a1", "b"], sorted.Select(e => e.UserId));
    }

    [Fact]
    public void Merge_trims_to_K_by_removing_the_lowest_entry()
    {
        var current = new[] { E("a", 300, 0, 1), E("b", 200, 0, 1), E("c", 100, 0, 1) };

        var repair = LeaderboardMerge.Merge(current, [E("d", 250, 0, 1)], 3);

        Assert.Equal([E("c", 100, 0, 1)], repair.Remove);
        Assert.Equal([E("d", 250, 0, 1)], repair.Add);
    }

    [Fact]
    public void Merge_replaces_a_users_old_entry_even_when_the_balance_fell()
    {
        var current = new[] { E("a", 300, 0, 1), E("b", 200, 0, 1) };

        var repair = LeaderboardMerge.Merge(current, [E("a", 50, 4, 2)], 3);

        Assert.Equal([E("a", 300, 0, 1)], repair.Remove);
        Assert.Equal([E("a", 50, 4, 2)], repair.Add);
    }

    [Fact]
    public void Merge_ignores_an_older_version_and_a_candidate_below_the_top_K()
    {
        var current = new[] { E("a", 300, 5, 4), E("b", 200, 0, 1) };

        Assert.True(LeaderboardMerge.Merge(current, [E("a", 999, 1, 3)], 2).IsEmpty);
        Assert.True(LeaderboardMerge.Merge(current, [E("z", 100, 0, 1)], 2).IsEmpty);
        Assert.True(LeaderboardMerge.Merge(current, current, 2).IsEmpty);
    }

    [Fact]
    public void Merge_leaves_the_set_equal_to_the_sorted_top_K_of_set_and_candidates()
    {
        var random = new Random(11);
        for (var round = 0; round < 200; round++)
        {
            var size = random.Next(1, 8);
            LeaderboardEntry Pick() => E($"u{random.Next(12)}", random.Next(5), random.Next(3), random.Next(1, 4));
            var current = LeaderboardMerge.Sorted(Enumerable.Range(0, 10).Select(_ => Pick()), size).ToList();
            var candidates = Enumerable.Range(0, random.Next(6)).Select(_ => Pick()).ToList();

            var repair = LeaderboardMerge.Merge(current, candidates, size);

            var expected = LeaderboardMerge.Sorted(current.Concat(candidates), size);
            Assert.Equal(expected.ToHashSet(), Applied(current, repair));
            Assert.True(Applied(current, repair).Count <= size);
            Assert.Empty(repair.Remove.Intersect(repair.Add));
        }
    }

    [Fact]
    public void Rebuild_makes_the_set_the_reported_top_K()
    {
        var current = new[] { E("stale", 900, 0, 3), E("a", 100, 0, 1) };
        var reported = new[] { E("a", 100, 0, 1), E("b", 80, 0, 2) };

        var repair = LeaderboardMerge.Rebuild(current, reported, T0.AddSeconds(10), 5);

        // 'stale' was last written before the reports were asked for and no node reports it: it left the top
        Assert.Equal(reported.ToHashSet(), Applied(current, repair));
    }

    [Fact]
    public void Rebuild_keeps_an_entry_newer_than_the_reported_one()
    {
        var current = new[] { E("a", 500, 20, 6) };
        var reported = new[] { E("a", 100, 0, 5), E("b", 80, 0, 2) };

        var repair = LeaderboardMerge.Rebuild(current, reported, T0.AddSeconds(30), 5);

        Assert.Equal(new HashSet<LeaderboardEntry> { E("a", 500, 20, 6), E("b", 80, 0, 2) }, Applied(current, repair));
    }

    [Fact]
    public void Rebuild_replaces_an_entry_older_than_the_reported_one()
    {
        var current = new[] { E("a", 500, 0, 4) };
        var reported = new[] { E("a", 100, 5, 5) };

        var repair = LeaderboardMerge.Rebuild(current, reported, T0.AddSeconds(30), 5);

        Assert.Equal(new HashSet<LeaderboardEntry> { E("a", 100, 5, 5) }, Applied(current, repair));
    }

    [Fact]
    public void Rebuild_keeps_a_user_who_reached_the_top_after_the_reports_and_drops_older_unreported_ones()
    {
        var reportedSince = T0.AddSeconds(10);
        var current = new[] { E("late", 700, 10, 1), E("later", 600, 11, 1), E("gone", 650, 9, 4) };
        var reported = new[] { E("a", 100, 0, 1) };

        var repair = LeaderboardMerge.Rebuild(current, reported, reportedSince, 5);

        // updated at or after reportedSince: the reports may predate it, so it stays; 'gone' (before) goes
        Assert.Equal(new HashSet<LeaderboardEntry> { E("late", 700, 10, 1), E("later", 600, 11, 1), E("a", 100, 0, 1) }, Applied(current, repair));
        Assert.Equal([E("gone", 650, 9, 4)], repair.Remove);
    }

    [Fact]
    public void Rebuild_still_trims_to_K()
    {
        var current = new[] { E("late", 700, 20, 1) };
        var reported = new[] { E("a", 300, 0, 1), E("b", 200, 0, 1) };

        var repair = LeaderboardMerge.Rebuild(current, reported, T0.AddSeconds(10), 2);

        Assert.Equal(new HashSet<LeaderboardEntry> { E("late", 700, 20, 1), E("a", 300, 0, 1) }, Applied(current, repair));
    }
}
