using System.Collections.Immutable;

namespace BlocksterV2.Cluster.Leaderboard;

/// <summary>
/// The leaderboard as this node last saw it: at most <see cref="Size"/> entries in <see cref="LeaderboardOrder"/>,
/// one per user. Immutable, so readers share it without locks. <see cref="Revision"/> grows with every change.
/// </summary>
public sealed record LeaderboardSnapshot(long Revision, int Size, ImmutableArray<LeaderboardEntry> Entries)
{
    public static LeaderboardSnapshot Empty(int size) => new(0, size, []);

    /// <summary>The first <paramref name="n"/> entries (fewer when the board holds fewer).</summary>
    public ReadOnlySpan<LeaderboardEntry> Top(int n) => Entries.AsSpan(0, Math.Min(n, Entries.Length));
}
