namespace BlocksterV2.Cluster.Leaderboard;

/// <summary>Settings of the balance leaderboard, bound from <c>Bux:Leaderboard</c>.</summary>
public sealed class LeaderboardOptions
{
    /// <summary>K: how many entries the ORSet keeps. At 1000 it serializes well under the 128 KB remoting frame.</summary>
    public int Size { get; set; } = 1000;

    /// <summary>How long the node's writer gathers balance changes before it writes them to the ORSet.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How often the node's viewer reads its own replica of the set for the cached board (the API, the live page).
    /// A credit shows on every node within about <see cref="FlushInterval"/> + this + replication.
    /// </summary>
    public TimeSpan ReadInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often the reconciler (a cluster singleton) rebuilds the true top K from the local tables.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(30);
}
