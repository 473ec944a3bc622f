using BlocksterV2.Cluster.Leaderboard;

namespace BlocksterV2.Cluster.LocalTables;

/// <summary>An entry of the <c>bux_balance</c> index, in leaderboard order (balance descending, then updated_at, then key).</summary>
public readonly record struct BalanceEntry(long Balance, long UpdatedTicks, string Key);

/// <summary>An entry of the <c>updated_at</c> index: oldest first, then by key.</summary>
public readonly record struct UpdatedEntry(long UpdatedTicks, string Key);

internal readonly struct BalanceOrder : IComparer<BalanceEntry>
{
    public int Compare(BalanceEntry x, BalanceEntry y) =>
        LeaderboardOrder.Compare(x.Balance, x.UpdatedTicks, x.Key, y.Balance, y.UpdatedTicks, y.Key);
}

internal readonly struct UpdatedOrder : IComparer<UpdatedEntry>
{
    public int Compare(UpdatedEntry x, UpdatedEntry y)
    {
        var byTime = x.UpdatedTicks.CompareTo(y.UpdatedTicks);
        return byTime != 0 ? byTime : string.CompareOrdinal(x.Key, y.Key);
    }
}
