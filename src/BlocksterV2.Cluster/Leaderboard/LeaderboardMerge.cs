using System.Collections.Immutable;

namespace BlocksterV2.Cluster.Leaderboard;

/// <summary>What to remove from and add to the ORSet to turn its entries into the wanted top K.</summary>
public sealed record LeaderboardRepair(IReadOnlyList<LeaderboardEntry> Remove, IReadOnlyList<LeaderboardEntry> Add)
{
    public bool IsEmpty => Remove.Count == 0 && Add.Count == 0;
}

/// <summary>The pure rules that keep the ORSet the top K: one entry per user (its newest version), trimmed to K.</summary>
public static class LeaderboardMerge
{
    /// <summary>The board as readers see it: each user once (newest version), in leaderboard order, at most <paramref name="size"/>.</summary>
    public static ImmutableArray<LeaderboardEntry> Sorted(IEnumerable<LeaderboardEntry> entries, int size)
    {
        var newest = Newest(entries).Values.ToArray();
        Array.Sort(newest, LeaderboardOrder.Instance);
        return ImmutableArray.Create(newest, 0, Math.Min(size, newest.Length));
    }

    /// <summary>
    /// The writer's batch: the set's entries and the <paramref name="candidates"/> (changed users and the local
    /// top K), each user at its newest version, trimmed to <paramref name="size"/>.
    /// </summary>
    public static LeaderboardRepair Merge(IReadOnlyCollection<LeaderboardEntry> current, IEnumerable<LeaderboardEntry> candidates, int size) =>
        Repair(current, Sorted(current.Concat(candidates), size));

    /// <summary>
    /// The reconciler's rebuild: the set becomes <paramref name="trueTopK"/> (the tables' top K as the nodes
    /// reported it), except for entries written since <paramref name="reportedSince"/>, which the reports may
    /// predate: a user's newer version than reported, or a user who reached the top after reporting.
    /// </summary>
    public static LeaderboardRepair Rebuild(
        IReadOnlyCollection<LeaderboardEntry> current, IEnumerable<LeaderboardEntry> trueTopK, DateTime reportedSince, int size)
    {
        var reported = Newest(trueTopK);
        var racing = current.Where(e => reported.TryGetValue(e.UserId, out var r) ? IsNewer(e, r) : e.UpdatedAt >= reportedSince);
        return Repair(current, Sorted(reported.Values.Concat(racing), size));
    }

    private static LeaderboardRepair Repair(IReadOnlyCollection<LeaderboardEntry> current, ImmutableArray<LeaderboardEntry> wanted)
    {
        var keep = wanted.ToHashSet();
        var have = current.ToHashSet();
        return new LeaderboardRepair(current.Where(e => !keep.Contains(e)).ToList(), wanted.Where(e => !have.Contains(e)).ToList());
    }

    private static Dictionary<string, LeaderboardEntry> Newest(IEnumerable<LeaderboardEntry> entries)
    {
        // sized up front: the writer merges thousands of entries twenty times a second
        var newest = new Dictionary<string, LeaderboardEntry>(entries.TryGetNonEnumeratedCount(out var count) ? count : 0, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!newest.TryGetValue(entry.UserId, out var seen) || IsNewer(entry, seen))
                newest[entry.UserId] = entry;
        }
        return newest;
    }

    /// <summary>Versions count a user's events, so the higher one is the later state; the time only breaks exact ties.</summary>
    private static bool IsNewer(LeaderboardEntry x, LeaderboardEntry y) =>
        x.Version != y.Version ? x.Version > y.Version : x.UpdatedAt > y.UpdatedAt;
}
