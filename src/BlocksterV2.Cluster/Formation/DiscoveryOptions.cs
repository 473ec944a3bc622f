namespace BlocksterV2.Cluster.Formation;

/// <summary>
/// How a node finds the others through DNS and when it may form a new cluster (bound from <c>Bux:Discovery</c>;
/// <c>DNS_CLUSTER_QUERY</c> sets <see cref="ServiceName"/>).
/// </summary>
public sealed class DiscoveryOptions
{
    /// <summary>The name to resolve, e.g. <c>blockster-v2.internal</c>; a name starting with <c>_</c> is an SRV query.</summary>
    public string? ServiceName { get; set; }

    /// <summary>Name servers as <c>host:port</c>; empty uses the machine's resolvers.</summary>
    public List<string> NameServers { get; set; } = [];

    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(1);

    public int Retries { get; set; } = 1;

    /// <summary>Upper bound of one whole lookup, every retry and name server included.</summary>
    public TimeSpan ResolveTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>A new cluster is formed only when DNS lists at least this many nodes.</summary>
    public int RequiredContactPoints { get; set; } = 2;

    /// <summary>A new cluster is formed only when the discovered set has not changed for this long.</summary>
    public TimeSpan StableMargin { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time between two rounds of lookup and probes; doubles (up to <see cref="MaxProbeInterval"/>) while nothing is found.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxProbeInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a discovered node has to answer a probe.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>False: this node only ever joins an existing cluster, it never forms one.</summary>
    public bool NewClusterEnabled { get; set; } = true;

    /// <summary>Not Up this long after deciding to join or form: the process exits with code 2 so the platform restarts it.</summary>
    public TimeSpan JoinTimeout { get; set; } = TimeSpan.FromMinutes(1);

    public bool Enabled => !string.IsNullOrWhiteSpace(ServiceName);
}
