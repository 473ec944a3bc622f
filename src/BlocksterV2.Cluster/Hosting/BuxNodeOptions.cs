using BlocksterV2.Cluster.Persistence;
using BlocksterV2.Domain.Tables;

namespace BlocksterV2.Cluster.Hosting;

/// <summary>Settings of one BUX node, bound from the <c>Bux</c> configuration section (and <c>--sname</c>).</summary>
public sealed class BuxNodeOptions
{
    public const string Section = "Bux";

    /// <summary>The node's name (the seed's <c>--sname</c>). Without one the node runs RAM-only.</summary>
    public string? NodeName { get; set; }

    /// <summary>Overrides where the node keeps its data. Default: <c>data/&lt;node-name&gt;</c> in Development, <c>/data/blockster</c> in Production.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Mutating HTTP routes require this value in <c>X-Api-Key</c>. Required in Production.</summary>
    public string? ApiKey { get; set; }

    public string RemotingHostname { get; set; } = "127.0.0.1";

    /// <summary>Akka remoting port; 0 picks a free one (fine for a single node).</summary>
    public int RemotingPort { get; set; }

    public int SnapshotEvery { get; set; } = 100;

    public TimeSpan PassivateIdleAfter { get; set; } = TimeSpan.FromMinutes(2);

    public int MaxShards { get; set; } = 100;

    /// <summary>How long the web tier waits for an entity before answering 504.</summary>
    public TimeSpan AskTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RewardRetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    public JournalTuning Journal { get; set; } = new();

    public FaultOptions Faults { get; set; } = new();

    public StorageMode Storage => string.IsNullOrWhiteSpace(NodeName) ? StorageMode.RamCopies : StorageMode.DiscCopies;
}

/// <summary>Crash-spec switches. Never set in production.</summary>
public sealed class FaultOptions
{
    /// <summary>Kill the process right after a read's reward has left the post's pool, before the user gets it.</summary>
    public bool KillAfterRewardReserved { get; set; }
}
