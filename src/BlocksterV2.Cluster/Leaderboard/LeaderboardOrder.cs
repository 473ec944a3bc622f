namespace BlocksterV2.Cluster.Leaderboard;

/// <summary>Leaderboard order: higher balance first; on a tie the earlier <c>updated_at</c>, then <c>user_id</c> (ordinal).</summary>
public sealed class LeaderboardOrder : IComparer<LeaderboardEntry>
{
    public static LeaderboardOrder Instance { get; } = new();

    public int Compare(LeaderboardEntry? x, LeaderboardEntry? y)
    {
        if (ReferenceEquals(x, y))
            return 0;
        if (x is null)
            return 1;
        if (y is null)
            return -1;
        return Compare(x.Balance, x.UpdatedAt.Ticks, x.UserId, y.Balance, y.UpdatedAt.Ticks, y.UserId);
    }

    /// <summary>The same order on bare fields, for indexes that keep no entry objects.</summary>
    public static int Compare(long balanceX, long updatedTicksX, string userIdX, long balanceY, long updatedTicksY, string userIdY)
    {
        var byBalance = balanceY.CompareTo(balanceX);
        if (byBalance != 0)
            return byBalance;
        var byUpdate = updatedTicksX.CompareTo(updatedTicksY);
        return byUpdate != 0 ? byUpdate : string.CompareOrdinal(userIdX, userIdY);
    }
}
