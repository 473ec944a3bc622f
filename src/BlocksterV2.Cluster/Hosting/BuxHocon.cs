using System.Globalization;
using Akka.Configuration;
using BlocksterV2.Cluster.Discovery;
using BlocksterV2.Cluster.Entities;
using BlocksterV2.Cluster.Formation;
using BlocksterV2.Cluster.Persistence;

namespace BlocksterV2.Cluster.Hosting;

/// <summary>
/// Every piece of HOCON the node writes, in one place, for what Akka.Hosting's fluent API does not configure:
/// cluster-formation timings, the DNS discovery method, the entity mailbox, the shard coordinator's writes,
/// remoting frames for replication, and the persistence plugins. <see cref="For"/> is all of it for one node, as
/// <see cref="BuxClusterSetup.WithBuxStore"/> adds it; <c>BuxHoconSpecs</c> parses it and checks its keys.
/// </summary>
/// <remarks>
/// Akka.Persistence.Sql.Hosting (1.5.70, the version served; the plugin here is 1.5.73) is not used: its
/// <c>SqlJournalOptions</c> and <c>SqlSnapshotOptions</c> are sealed and always name the plugin's own journal and
/// snapshot classes, and expose neither <c>batch-size</c>, <c>use-clone-connection</c> nor the circuit breaker, so
/// the node's <see cref="BuxSqlJournal"/> and <see cref="BuxSqlSnapshotStore"/> would still need HOCON on top:
/// two places configuring one plugin instead of this one.
/// </remarks>
public static class BuxHocon
{
    /// <summary>All of the node's HOCON for these options; <paramref name="connectionString"/> null: a RAM-only node.</summary>
    public static string For(BuxNodeOptions options, string? connectionString)
    {
        var parts = new List<string> { Formation(options) };
        if (options.Discovery.Enabled)
            parts.Add(Discovery(ClusterFormation.DnsSettings(options)));
        parts.Add(EntityMailbox);
        parts.Add(ShardCoordinatorWrites);
        parts.Add(connectionString is null ? MemoryJournal : SqlPersistence(connectionString, options.Journal) + ReplicationRemoting);
        return string.Join("\n", parts);
    }

    /// <summary>Parsed, for the specs and for anyone who wants to see what a node runs with.</summary>
    public static Config Parse(BuxNodeOptions options, string? connectionString) => ConfigurationFactory.ParseString(For(options, connectionString));

    public static string Formation(BuxNodeOptions options) => $$"""
        akka.cluster.split-brain-resolver.stable-after = {{Millis(options.DownUnreachableAfter)}}
        # Without it the removal margin is stable-after again: the shard coordinator would wait that long once more after
        # the leader removed a crashed node before its shards start elsewhere (and singleton managers on the other
        # members log the removal that much later). The margin keeps the cut-off side's entities from writing while the
        # majority's start; here a node cut off from the majority stores nothing (replication refuses the write), so
        # one second is enough.
        akka.cluster.down-removal-margin = 1s
        akka.cluster.shutdown-after-unsuccessful-join-seed-nodes = {{Millis(options.Discovery.JoinTimeout)}}
        # a restarted node's first join is refused until its old incarnation is removed: retry soon, not after 10 s
        akka.cluster.retry-unsuccessful-join-after = 1s
        # a probe that reached a node before it listened must not block the next probe for the default 5 s
        akka.remote.retry-gate-closed-for = 1 s

        """;

    /// <summary>The complete <c>akka.discovery</c> block that makes the project's DNS method the default one.</summary>
    public static string Discovery(DnsDiscoverySettings dns)
    {
        var type = typeof(DnsServiceDiscovery);
        var nameServers = string.Join(", ", dns.NameServers.Select(server => $"\"{server}\""));
        return $$"""
            akka.discovery {
              method = "{{DnsServiceDiscovery.Method}}"
              {{DnsServiceDiscovery.Method}} {
                class = "{{type.FullName}}, {{type.Assembly.GetName().Name}}"
                name-servers = [{{nameServers}}]
                query-timeout = {{Millis(dns.QueryTimeout)}}
                retries = {{dns.Retries}}
                port = {{dns.Port}}
              }
            }

            """;
    }

    /// <summary>The entities' mailbox (<see cref="CompactDequeMailbox"/>), under <see cref="CompactDequeMailbox.ConfigPath"/>.</summary>
    public static readonly string EntityMailbox = $$"""
        {{CompactDequeMailbox.ConfigPath}} {
          mailbox-type = "{{typeof(CompactDequeMailbox).FullName}}, {{typeof(CompactDequeMailbox).Assembly.GetName().Name}}"
        }

        """;

    /// <summary>
    /// A member is Up a moment (longer while its local tables load) before its shard regions, and with them the
    /// sharding replicator the coordinator writes its state to, exist. With Akka's default WriteMajorityPlus(3), which
    /// is every member of a cluster of up to 5, each coordinator update in that moment is lost to the member still
    /// starting and stalls for updating-state-timeout (5 s), and with it every request for a shard not yet allocated:
    /// starting nodes made the others answer 504. A plain majority, retried after 2 s, keeps a starting node from
    /// blocking the rest; reads at coordinator start keep their margin, which is the one Akka says matters more.
    /// </summary>
    /// <remarks>
    /// A region that starts before the coordinator answers retries its registration after <c>retry-interval</c> (2 s by
    /// default), and buffers every message for a shard homed by it until then: the first credit to each node's entities
    /// after a (re)start took 1.5-3 s. Registration messages are tiny; retried every 200 ms.
    /// </remarks>
    public const string ShardCoordinatorWrites = """
        akka.cluster.sharding.updating-state-timeout = 2s
        akka.cluster.sharding.coordinator-state.write-majority-plus = 0
        akka.cluster.sharding.retry-interval = 200ms

        """;

    /// <summary>Remote messages carry group commits and pull pages (up to about 1 MB): room for them.</summary>
    public const string ReplicationRemoting = """
        akka.remote.dot-netty.tcp.maximum-frame-size = 4 MiB
        akka.remote.dot-netty.tcp.send-buffer-size = 8 MiB
        akka.remote.dot-netty.tcp.receive-buffer-size = 8 MiB

        """;

    /// <summary>The RAM-only node's journal (<see cref="BuxMemoryJournal"/>); its snapshots use Akka.Hosting's in-memory store.</summary>
    public const string MemoryJournal = """
        akka.persistence.journal.plugin = "akka.persistence.journal.bux-inmem"
        akka.persistence.journal.bux-inmem {
          class = "BlocksterV2.Cluster.Persistence.BuxMemoryJournal, BlocksterV2.Cluster"
          plugin-dispatcher = "akka.actor.default-dispatcher"
        }

        """;

    /// <summary>Akka.Persistence.Sql on the node's SQLite file, with the node's own journal and snapshot classes.</summary>
    public static string SqlPersistence(string connectionString, JournalTuning tuning) => $$"""
        akka.persistence {
          journal {
            plugin = "{{SqlitePersistence.JournalPluginId}}"
            sql {
              class = "BlocksterV2.Cluster.Persistence.BuxSqlJournal, BlocksterV2.Cluster"
              plugin-dispatcher = "akka.actor.default-dispatcher"
              connection-string = "{{Escape(connectionString)}}"
              provider-name = "{{LinqToDB.ProviderName.SQLiteMS}}"
              auto-initialize = on
              # events are written by BuxSqlJournal's own writer; this is its largest transaction
              batch-size = {{tuning.BatchSize}}
              # No call timeout on the journal's circuit breaker: the writer bounds a write itself (its commit, then
              # each member's ack within Bux:Replication:AckTimeout), a timed-out write would not be cancelled (the
              # entity's recovery waits for it all the same), and the timeout cost a timer and ~400 B on every write
              # (docs/benchmarks.md). Failures still count toward opening the breaker (Akka's max-failures).
              circuit-breaker.call-timeout = infinite
              use-clone-connection = off
              # Microsoft.Data.Sqlite begins every other transaction IMMEDIATE, taking the write lock;
              # read-uncommitted makes reads deferred (in WAL mode they still see only committed data)
              read-isolation-level = read-uncommitted
            }
          }
          snapshot-store {
            plugin = "{{SqlitePersistence.SnapshotPluginId}}"
            sql {
              class = "BlocksterV2.Cluster.Persistence.BuxSqlSnapshotStore, BlocksterV2.Cluster"
              plugin-dispatcher = "akka.actor.default-dispatcher"
              connection-string = "{{Escape(connectionString)}}"
              provider-name = "{{LinqToDB.ProviderName.SQLiteMS}}"
              auto-initialize = on
              use-clone-connection = off
              read-isolation-level = read-uncommitted
            }
          }
          query.journal.sql {
            class = "Akka.Persistence.Sql.Query.SqlReadJournalProvider, Akka.Persistence.Sql"
            write-plugin = "{{SqlitePersistence.JournalPluginId}}"
            connection-string = "{{Escape(connectionString)}}"
            provider-name = "{{LinqToDB.ProviderName.SQLiteMS}}"
            read-isolation-level = read-uncommitted
          }
        }

        """;

    private static string Millis(TimeSpan span) => $"{((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)}ms";

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
