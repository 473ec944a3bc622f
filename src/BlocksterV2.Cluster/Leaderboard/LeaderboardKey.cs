using Akka.DistributedData;

namespace BlocksterV2.Cluster.Leaderboard;

public static class LeaderboardKey
{
    /// <summary>The replicated top K. Part of the wire protocol between nodes: never rename it.</summary>
    public static readonly ORSetKey<LeaderboardEntry> TopK = new("bux-leaderboard-top-k");
}
