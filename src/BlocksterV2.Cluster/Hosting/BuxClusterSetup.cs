using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Singleton;
using Akka.Hosting;
using Akka.Persistence.Hosting;
using Akka.Remote.Hosting;
using BlocksterV2.Cluster.Leaderboard;
using BlocksterV2.Cluster.Persistence;
using BlocksterV2.Cluster.Replication;
using BlocksterV2.Cluster.Serialization;
using BlocksterV2.Domain;

namespace BlocksterV2.Cluster.Hosting;

/// <summary>
/// Wires one BUX node into Akka.Hosting: remoting, the cluster, the serializers, the node's HOCON (<see cref="BuxHocon"/>),
/// persistence and its replication; at actor-system start, <see cref="NodeStartSequence"/> starts the node in order.
/// </summary>
public static class BuxClusterSetup
{
    public const string Role = "bux";

    /// <param name="connectionString">The SQLite database prepared by <see cref="SqlitePersistence.Prepare"/>; null for RAM-only.</param>
    /// <param name="leaderboard">The node's cached leaderboard, kept current once this member is Up.</param>
    public static AkkaConfigurationBuilder WithBuxStore(
        this AkkaConfigurationBuilder builder, BuxNodeOptions options, string? connectionString, NodeReadiness readiness, LeaderboardView leaderboard)
    {
        builder
            .WithRemoting(new RemoteOptions
            {
                HostName = options.RemotingHostname,
                PublicHostName = options.PublicHostname,
                Port = options.RemotingPort,
            })
            .WithClustering(new ClusterOptions { Roles = [Role], SplitBrainResolver = new KeepMajorityOption() })
            .WithCustomSerializer("bux", [typeof(IBuxMessage)], system => new BuxSerializer(system))
            .AddHocon(BuxHocon.For(options, connectionString), HoconAddMode.Prepend)
            .AddHocon(ClusterSharding.DefaultConfig()
                .WithFallback(Akka.DistributedData.DistributedData.DefaultConfig())
                .WithFallback(ClusterSingleton.DefaultConfig()), HoconAddMode.Append);

        if (connectionString is null)
            builder.WithInMemorySnapshotStore();
        else
            BuxReplication.WithReplicationSerializer(builder.WithSqliteConnections(connectionString));

        return builder.AddStartup((system, registry) => new NodeStartSequence(system, registry, options, connectionString, readiness, leaderboard).Begin());
    }
}
