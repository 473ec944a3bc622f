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

    internal static DnsDiscoverySettings DnsSettings(BuxNodeOptions options) =>
        new(options.Discovery.NameServers, options.Discovery.QueryTimeout, options.Discovery.Retries, options.RemotingPort);
}
