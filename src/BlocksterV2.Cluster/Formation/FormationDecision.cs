using Akka.Actor;

namespace BlocksterV2.Cluster.Formation;

/// <summary>What one round of discovery and probes saw.</summary>
/// <param name="Discovered">Every node DNS listed, in address order.</param>
/// <param name="StableFor">How long <paramref name="Discovered"/> has been the same set.</param>
/// <param name="Answers">The answers to this round's probes, by the contact point that answered.</param>
/// <param name="Self">This node's own point, as it advertises itself.</param>
public sealed record FormationRound(
    IReadOnlyList<ContactPoint> Discovered,
    TimeSpan StableFor,
    IReadOnlyDictionary<ContactPoint, ContactPointAnswer> Answers,
    ContactPoint Self);

/// <summary>
/// The seed-startup ordering guard (the rule of Akka Management's cluster bootstrap): join a cluster that
/// exists; otherwise form one only when enough nodes were found, the set is stable, every node answered and
/// this node has the lowest address. A node never forms a cluster alone because DNS listed only itself.
/// </summary>
public abstract record FormationDecision(string Explanation)
{
    public sealed record JoinExisting(IReadOnlyList<Address> SeedNodes, string Explanation) : FormationDecision(Explanation);

    public sealed record FormNewCluster(string Explanation) : FormationDecision(Explanation);

    public sealed record Wait(string Explanation) : FormationDecision(Explanation);

    public static FormationDecision Decide(FormationRound round, DiscoveryOptions options, string serviceName)
    {
        var discovered = round.Discovered;
        var member = discovered.FirstOrDefault(p => round.Answers.TryGetValue(p, out var a) && a.IsClusterMember);
        if (member is not null)
        {
            // A restarted node may still be listed under its old incarnation: never its own seed, or Akka's
            // first-seed process could make it join itself and form a second cluster.
            var members = round.Answers[member].ClusterMembers;
            var seeds = members.Select(Address.Parse).Where(a => ContactPoint.Of(a) != round.Self).ToList();
            return new JoinExisting(seeds,
                $"{member} is already a member of a cluster of {members.Count} ({string.Join(", ", members)}); joining that cluster");
        }

        var found = List(discovered);
        if (discovered.Count == 0)
            return new Wait($"DNS lists no nodes for {serviceName}; looking again");
        if (!options.NewClusterEnabled)
        {
            return new Wait($"none of the {discovered.Count} nodes DNS lists ({found}) is in a cluster, and forming a new one is " +
                            "switched off (Bux:Discovery:NewClusterEnabled=false); waiting for a cluster to join");
        }
        if (discovered.Count < options.RequiredContactPoints)
        {
            return new Wait($"DNS lists {Nodes(discovered.Count)} ({found}) but {options.RequiredContactPoints} are required to form " +
                            "a new cluster (Bux:Discovery:RequiredContactPoints); waiting for more nodes to appear");
        }

        var silent = discovered.Where(p => !round.Answers.ContainsKey(p)).ToList();
        if (silent.Count > 0)
        {
            return new Wait($"{silent.Count} of the {discovered.Count} nodes DNS lists did not answer ({List(silent)}); " +
                            "a new cluster is formed only when every listed node answers");
        }
        if (!discovered.Contains(round.Self))
        {
            return new Wait($"this node ({round.Self}) is not among the nodes DNS lists ({found}): DNS does not list it yet, or it " +
                            "advertises another address than DNS returns (check Bux:PublicHostname, FLY_PRIVATE_IP and Bux:RemotingPort)");
        }
        if (round.StableFor < options.StableMargin)
        {
            return new Wait($"{Nodes(discovered.Count)} found ({found}), all answered, none in a cluster; waiting until the set has " +
                            $"not changed for {options.StableMargin.TotalSeconds:0.#}s (Bux:Discovery:StableMargin)");
        }

        var lowest = discovered[0];
        return lowest == round.Self
            ? new FormNewCluster($"this node ({round.Self}) has the lowest address of the {Nodes(discovered.Count)} DNS lists ({found}), " +
                                 "all answered and none is in a cluster; forming a new cluster (self-join)")
            : new Wait($"{lowest} has the lowest address of the {Nodes(discovered.Count)} DNS lists ({found}); waiting for it to " +
                       "form the cluster, then joining it");
    }

    private static string List(IEnumerable<ContactPoint> points) => string.Join(", ", points);

    private static string Nodes(int count) => count == 1 ? "1 node" : $"{count} nodes";
}
