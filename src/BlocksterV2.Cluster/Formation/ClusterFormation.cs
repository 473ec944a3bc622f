using Akka.Actor;
using Akka.Discovery;
using Akka.Event;
using Akka.Hosting;
using BlocksterV2.Cluster.Discovery;
using BlocksterV2.Cluster.Hosting;

namespace BlocksterV2.Cluster.Formation;

/// <summary>
/// How this node gets into a cluster: through DNS discovery and the ordering guard when a service name is set,
/// through static seeds (<c>--join</c>) when given, otherwise alone as a single-node cluster.
/// </summary>
public static class ClusterFormation
{
    /// <summary>Null when the formation settings are usable, else one line saying what to change.</summary>
    public static string? ConfigurationProblem(BuxNodeOptions options)
    {
        try
        {
            SeedNodes.Parse(options.SeedNodes, "blockster");
        }
        catch (FormatException e)
        {
            return $"Bux:SeedNodes / --join: {e.Message}";
        }
        if (options.Discovery.Enabled && options.SeedNodes.Count > 0)
            return "Both DNS discovery (DNS_CLUSTER_QUERY / Bux:Discovery:ServiceName) and seed nodes (Bux:SeedNodes / --join) are set; use one";
        if (options.Discovery.Enabled && options.RemotingPort == 0)
            return "DNS discovery needs a fixed remoting port that every node shares: set Bux:RemotingPort (default 4053), not 0";
        if (!options.Discovery.Enabled)
            return null;
        DnsDiscoverySettings dns;
        try
        {
            dns = DnsSettings(options);
        }
        catch (ArgumentException e)
        {
            // ArgumentException appends " (Parameter 'x')": an operator needs only the sentence
            return $"Bux:Discovery: {e.Message.Replace($" (Parameter '{e.ParamName}')", "")}";
        }
        return dns.CheckFits(options.Discovery.ResolveTimeout) is { } overrun
            ? $"Bux:Discovery: {overrun} (Bux:Discovery:QueryTimeout, Retries, ResolveTimeout)"
            : null;
    }

    public static AkkaConfigurationBuilder WithClusterFormation(this AkkaConfigurationBuilder builder, BuxNodeOptions options)
    {
        builder.AddHocon($$"""
            akka.cluster.split-brain-resolver.stable-after = {{Seconds(options.DownUnreachableAfter)}}
            # Without it the removal margin is stable-after again: the shard coordinator would wait that long once more after
            # the leader removed a crashed node before its shards start elsewhere (and singleton managers on the other
            # members log the removal that much later). The margin keeps the cut-off side's entities from writing while the
            # majority's start; here a node cut off from the majority stores nothing (replication refuses the write), so
            # one second is enough.
            akka.cluster.down-removal-margin = 1s
            akka.cluster.shutdown-after-unsuccessful-join-seed-nodes = {{Seconds(options.Discovery.JoinTimeout)}}
            # a restarted node's first join is refused until its old incarnation is removed: retry soon, not after 10 s
            akka.cluster.retry-unsuccessful-join-after = 1s
            # a probe that reached a node before it listened must not block the next probe for the default 5 s
            akka.remote.retry-gate-closed-for = 1 s
            """, HoconAddMode.Prepend);
        if (options.Discovery.Enabled)
            builder.AddHocon(DnsSettings(options).ToHocon(), HoconAddMode.Prepend);
        return builder;
    }

    /// <summary>Starts the probe responder and whichever way of joining the options choose.</summary>
    public static void Start(ActorSystem system, BuxNodeOptions options)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var log = Logging.GetLogger(system, typeof(ClusterFormation));
        system.ActorOf(ContactPointResponder.Props(), ContactPointResponder.Name);

        if (options.Discovery.Enabled)
        {
            var discovery = Akka.Discovery.Discovery.Get(system).LoadServiceDiscovery(DnsServiceDiscovery.Method);
            system.ActorOf(ClusterBootstrapGuard.Props(options.Discovery, discovery, new Lookup(options.Discovery.ServiceName!),
                options.RemotingPort), ClusterBootstrapGuard.Name);
        }
        else if (options.SeedNodes.Count > 0)
        {
            var seeds = SeedNodes.Parse(options.SeedNodes, system.Name);
            log.Info("Cluster formation: joining through the seed nodes [{0}] (Bux:SeedNodes / --join); this node is {1}",
                string.Join(", ", seeds), cluster.SelfAddress);
            cluster.JoinSeedNodes(seeds);
        }
        else
        {
            log.Info("Cluster formation: no DNS_CLUSTER_QUERY and no seed nodes, so this node forms a cluster by itself at {0}; " +
                     "another node joins it with --join {1}:{2}", cluster.SelfAddress, cluster.SelfAddress.Host, cluster.SelfAddress.Port);
            cluster.Join(cluster.SelfAddress);
        }
    }

    private static DnsDiscoverySettings DnsSettings(BuxNodeOptions options) =>
        new(options.Discovery.NameServers, options.Discovery.QueryTimeout, options.Discovery.Retries, options.RemotingPort);

    private static string Seconds(TimeSpan span) => $"{(long)span.TotalMilliseconds}ms";
}
