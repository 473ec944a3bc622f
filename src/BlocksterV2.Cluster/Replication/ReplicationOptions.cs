namespace BlocksterV2.Cluster.Replication;

/// <summary>When a write that every node copies is acknowledged to its caller.</summary>
public enum Consistency
{
    /// <summary>Every member that is Up, reachable and caught up has committed it, and never fewer than a majority of the members (Mnesia's sync_transaction).</summary>
    All,

    /// <summary>More than half of the cluster's members have committed it.</summary>
    Majority,

    /// <summary>This node has committed it; it is shipped to the others right after.</summary>
    Local,
}

/// <summary>Settings of journal replication, bound from <c>Bux:Replication</c>.</summary>
public sealed class ReplicationOptions
{
    public Consistency Consistency { get; set; } = Consistency.All;

    /// <summary>
    /// How long a write waits for a member's acknowledgement. A member that takes longer is not waited for again until it
    /// has caught up; a write that cannot then meet <see cref="Consistency"/> is taken back and fails with 503.
    /// </summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often each node compares its copy with the others' and pulls what it lacks (besides catch-up at start and gaps).</summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Events per page of a catch-up pull.</summary>
    public int PullPageEvents { get; set; } = 5_000;

    /// <summary>Null when the settings are usable, else one line saying what to change.</summary>
    public string? ConfigurationProblem()
    {
        if (AckTimeout <= TimeSpan.Zero)
            return $"Bux:Replication:AckTimeout must be more than zero (got {AckTimeout}); the default is 00:00:02";
        if (SyncInterval <= TimeSpan.Zero)
            return $"Bux:Replication:SyncInterval must be more than zero (got {SyncInterval}); the default is 00:00:05";
        return PullPageEvents is < 1 or > 100_000
            ? $"Bux:Replication:PullPageEvents must be from 1 to 100000 (got {PullPageEvents}); the default is 5000"
            : null;
    }
}
