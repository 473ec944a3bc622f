using Akka.Cluster;
using Akka.DistributedData;

namespace BlocksterV2.Cluster.Leaderboard;

public static class LeaderboardRepairs
{
    /// <summary>Applies a repair to the ORSet as <paramref name="node"/>'s change (removals first: the same user's old entry).</summary>
    public static ORSet<LeaderboardEntry> Apply(ORSet<LeaderboardEntry> set, LeaderboardRepair repair, UniqueAddress node)
    {
        foreach (var entry in repair.Remove)
            set = set.Remove(node, entry);
        foreach (var entry in repair.Add)
            set = set.Add(node, entry);
        return set;
    }
}
