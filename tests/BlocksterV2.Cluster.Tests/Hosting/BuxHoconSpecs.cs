using Akka.Configuration;
using BlocksterV2.Cluster.Discovery;
using BlocksterV2.Cluster.Entities;
using BlocksterV2.Cluster.Hosting;
using BlocksterV2.Cluster.Persistence;

namespace BlocksterV2.Cluster.Tests.Hosting;

/// <summary>
/// All the HOCON a node writes (<see cref="BuxHocon.For"/>), parsed as Akka parses it: every class it names is a
/// type that exists, and every value comes from the node's options.
/// </summary>
public sealed class BuxHoconSpecs
{
    private static BuxNodeOptions DiscOptions() => new()
    {
        RemotingPort = 4061,
        DownUnreachableAfter = TimeSpan.FromSeconds(7),
        Discovery = { ServiceName = "bux.internal", NameServers = ["127.0.0.53:5353"], QueryTimeout = TimeSpan.FromMilliseconds(750), Retries = 2 },
        Journal = { BatchSize = 321 },
    };

    private static Type? TypeNamed(Config config, string path) => Type.GetType(config.GetString(path), throwOnError: false);

    [Fact]
    public void A_disc_node_runs_the_nodes_own_journal_and_snapshot_classes_on_its_sqlite_file()
    {
        // a path with a backslash and a quote: both must survive HOCON's quoting
        const string connectionString = "Data Source=/data/a\\b\"c/bux.db;Pooling=True";
        var config = BuxHocon.Parse(DiscOptions(), connectionString);

        Assert.Equal(SqlitePersistence.JournalPluginId, config.GetString("akka.persistence.journal.plugin"));
        Assert.Equal(SqlitePersistence.SnapshotPluginId, config.GetString("akka.persistence.snapshot-store.plugin"));
        var journal = config.GetConfig(SqlitePersistence.JournalPluginId);
        Assert.Equal(typeof(BuxSqlJournal), TypeNamed(journal, "class"));
        Assert.Equal(typeof(BuxSqlSnapshotStore), TypeNamed(config.GetConfig(SqlitePersistence.SnapshotPluginId), "class"));
        Assert.NotNull(TypeNamed(config.GetConfig(SqlitePersistence.QueryPluginId), "class"));
        foreach (var plugin in new[] { SqlitePersistence.JournalPluginId, SqlitePersistence.SnapshotPluginId, SqlitePersistence.QueryPluginId })
        {
            Assert.Equal(connectionString, config.GetString(plugin + ".connection-string"));
            Assert.Equal("read-uncommitted", config.GetString(plugin + ".read-isolation-level"));
        }
        Assert.Equal(321, journal.GetInt("batch-size"));
        Assert.Equal(Timeout.InfiniteTimeSpan, journal.GetTimeSpan("circuit-breaker.call-timeout", null, allowInfinite: true));
        Assert.Equal(4L * 1024 * 1024, config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size"));
    }

    [Fact]
    public void Discovery_formation_mailbox_and_coordinator_settings_come_from_the_options()
    {
        var config = BuxHocon.Parse(DiscOptions(), "Data Source=bux.db");

        Assert.Equal(DnsServiceDiscovery.Method, config.GetString("akka.discovery.method"));
        var dns = config.GetConfig("akka.discovery." + DnsServiceDiscovery.Method);
        Assert.Equal(typeof(DnsServiceDiscovery), TypeNamed(dns, "class"));
        Assert.Equal(["127.0.0.53:5353"], dns.GetStringList("name-servers"));
        Assert.Equal(TimeSpan.FromMilliseconds(750), dns.GetTimeSpan("query-timeout"));
        Assert.Equal((2, 4061), (dns.GetInt("retries"), dns.GetInt("port")));

        Assert.Equal(TimeSpan.FromSeconds(7), config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        Assert.Equal(new BuxNodeOptions().Discovery.JoinTimeout, config.GetTimeSpan("akka.cluster.shutdown-after-unsuccessful-join-seed-nodes"));
        Assert.Equal(TimeSpan.FromSeconds(1), config.GetTimeSpan("akka.cluster.down-removal-margin"));
        Assert.Equal(typeof(CompactDequeMailbox), TypeNamed(config, CompactDequeMailbox.ConfigPath + ".mailbox-type"));
        Assert.Equal(0, config.GetInt("akka.cluster.sharding.coordinator-state.write-majority-plus"));
        Assert.Equal(TimeSpan.FromMilliseconds(200), config.GetTimeSpan("akka.cluster.sharding.retry-interval"));
    }

    [Fact]
    public void A_ram_only_node_without_discovery_has_the_memory_journal_and_no_sql_dns_or_replication_frames()
    {
        var config = BuxHocon.Parse(new BuxNodeOptions(), connectionString: null);

        Assert.Equal("akka.persistence.journal.bux-inmem", config.GetString("akka.persistence.journal.plugin"));
        Assert.Equal(typeof(BuxMemoryJournal), TypeNamed(config, "akka.persistence.journal.bux-inmem.class"));
        Assert.False(config.HasPath(SqlitePersistence.JournalPluginId));
        Assert.False(config.HasPath("akka.discovery.method"));
        Assert.False(config.HasPath("akka.remote.dot-netty.tcp.maximum-frame-size"));
        Assert.Equal(typeof(CompactDequeMailbox), TypeNamed(config, CompactDequeMailbox.ConfigPath + ".mailbox-type"));
    }
}
