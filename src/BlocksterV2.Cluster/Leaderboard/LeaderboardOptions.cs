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

    /// <summary>Null when the settings are usable, else one line saying what to change (a zero interval would fire its timer without pause).</summary>
    public string? ConfigurationProblem()
    {
        if (Size < 1)
            return $"Bux:Leaderboard:Size {Size} must be at least 1 (default 1000)";
        foreach (var (name, value) in new[] { ("FlushInterval", FlushInterval), ("ReadInterval", ReadInterval), ("ReconcileInterval", ReconcileInterval) })
        {
            if (value <= TimeSpan.Zero)
                return $"Bux:Leaderboard:{name} {value:c} must be longer than zero (e.g. 00:00:00.100)";
        }
        return null;
    }
}
