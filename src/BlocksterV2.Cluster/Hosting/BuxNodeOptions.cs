using BlocksterV2.Cluster.Formation;
using BlocksterV2.Cluster.Inspection;
using BlocksterV2.Cluster.Leaderboard;
using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Cluster.Persistence;
using BlocksterV2.Cluster.Replication;
using BlocksterV2.Domain.Tables;

namespace BlocksterV2.Cluster.Hosting;

/// <summary>Settings of one BUX node, bound from the <c>Bux</c> configuration section (and <c>--sname</c>).</summary>
public sealed class BuxNodeOptions
{
    public const string Section = "Bux";

    /// <summary>The node's name (<c>--sname</c>, as the Elixir service this store replaces named its Erlang node). Without one the node runs RAM-only.</summary>
    public string? NodeName { get; set; }

    /// <summary>Overrides where the node keeps its data. Default: <c>data/&lt;node-name&gt;</c> in Development, <c>/data/blockster</c> in Production.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Mutating HTTP routes require this value in <c>X-Api-Key</c>. Required in Production.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The address Akka remoting binds to (<c>::</c> on Fly).</summary>
    public string RemotingHostname { get; set; } = "127.0.0.1";

    /// <summary>Akka remoting port; the same on every node found through A/AAAA records. 0 picks a free one (single node only).</summary>
    public int RemotingPort { get; set; } = 4053;

    /// <summary>The address other nodes reach this one at (Fly: <c>FLY_PRIVATE_IP</c>). Default: <see cref="RemotingHostname"/>.</summary>
    public string? PublicHostname { get; set; }

    /// <summary>Static seed nodes (<c>host:port</c> or full <c>akka.tcp://</c> addresses); <c>--join host:port</c> sets one.</summary>
    public List<string> SeedNodes { get; set; } = [];

    /// <summary>DNS discovery and the seed-startup ordering guard; on when <see cref="DiscoveryOptions.ServiceName"/> is set.</summary>
    public DiscoveryOptions Discovery { get; set; } = new();

    /// <summary>How long a member stays unreachable before the split-brain resolver (keep-majority) decides.</summary>
    public TimeSpan DownUnreachableAfter { get; set; } = TimeSpan.FromSeconds(20);

    public int SnapshotEvery { get; set; } = 100;

    /// <summary>How many entities this node keeps in memory at most.</summary>
    public EntityOptions Entities { get; set; } = new();

    public TimeSpan PassivateIdleAfter { get; set; } = TimeSpan.FromMinutes(2);

    public int MaxShards { get; set; } = 100;

    /// <summary>How long the web tier waits for an entity before answering 504.</summary>
    public TimeSpan AskTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RewardRetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    public JournalTuning Journal { get; set; } = new();

    /// <summary>How every event reaches every member's copy, and when a write is acknowledged.</summary>
    public ReplicationOptions Replication { get; set; } = new();

    public LeaderboardOptions Leaderboard { get; set; } = new();

    public LocalTablesOptions LocalTables { get; set; } = new();

    /// <summary>The pbm command host (node inspection): where it listens and its shared secret.</summary>
    public PbmOptions Pbm { get; set; } = new();

    public FaultOptions Faults { get; set; } = new();

    public StorageMode Storage => string.IsNullOrWhiteSpace(NodeName) ? StorageMode.RamCopies : StorageMode.DiscCopies;
}

/// <summary>Crash-spec switches. Never set in production.</summary>
public sealed class FaultOptions
{
    /// <summary>Kill the process right after a read's reward has left the post's pool, before the user gets it.</summary>
    public bool KillAfterRewardReserved { get; set; }

    /// <summary>Kill the process right after the write carrying this idempotency key is committed here, before any other member gets it.</summary>
    public string? KillBeforeReplicatingKey { get; set; }
}

public sealed class EntityOptions
{
    /// <summary>What one resident entity costs on the heap, with its local-table row (4,545 B measured at 100,000 users).</summary>
    public const int BytesPerResidentEntity = 4_500;

    /// <summary>The share of the memory this process may use that the default gives to resident entities.</summary>
    public const double DefaultMemoryShare = 0.25;

    /// <summary>The default never goes below this many, however small the machine.</summary>
    public const int MinimumDefault = 10_000;

    /// <summary>
    /// Entities (users and posts together) this node keeps resident at most; beyond it the least recently used are
    /// passivated and recover from their snapshot and the events after it on their next message. 0: no limit.
    /// Unset: a quarter of the memory the process may use (the container's limit where there is one), at
    /// <see cref="BytesPerResidentEntity"/> each: a 1 GB machine keeps about 60,000. A recovery costs about four
    /// warm credits (docs/benchmarks.md, "Resident entities"), so the default is as large as memory allows.
    /// </summary>
    public int? MaxResident { get; set; }

    /// <summary>The limit this node runs with: <see cref="MaxResident"/>, or the default for the memory this process may use.</summary>
    public int EffectiveMaxResident() => EffectiveMaxResident(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

    /// <summary>The limit for a process that may use <paramref name="availableBytes"/>.</summary>
    public int EffectiveMaxResident(long availableBytes) => MaxResident ?? DefaultFor(availableBytes);

    public static int DefaultFor(long availableBytes) =>
        (int)Math.Clamp(availableBytes * DefaultMemoryShare / BytesPerResidentEntity, MinimumDefault, int.MaxValue);
}
