using BlocksterV2.Cluster.Leaderboard;

namespace BlocksterV2.Web.Api;

/// <summary>
/// The top of the leaderboard as the API and the live page send it. <c>Size</c> is K, the most entries the
/// board keeps; <c>Revision</c> grows with every change this node saw.
/// </summary>
public sealed record LeaderboardPage(int Top, int Size, long Revision, IReadOnlyList<RankedUser> Entries)
{
    public static LeaderboardPage From(LeaderboardSnapshot snapshot, int top)
    {
        var entries = snapshot.Top(top);
        var ranked = new RankedUser[entries.Length];
        for (var i = 0; i < entries.Length; i++)
            ranked[i] = new RankedUser(i + 1, entries[i].UserId, entries[i].Balance, entries[i].UpdatedAt);
        return new LeaderboardPage(top, snapshot.Size, snapshot.Revision, ranked);
    }
}

public sealed record RankedUser(long Rank, string UserId, long Balance, DateTime UpdatedAt);
