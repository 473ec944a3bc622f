using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Cluster.Sharding;
using BlocksterV2.Cluster.Inspection.Wire;
using BlocksterV2.Cluster.Sharding;

namespace BlocksterV2.Cluster.Inspection;

/// <summary>Petabridge.Cmd's <c>cluster-sharding</c> palette: the shard regions, and where shards and entities are.</summary>
internal sealed class ClusterShardingPalette(ActorSystem system, TimeSpan timeout) : IPbmPalette
{
    private static readonly IReadOnlyList<string> TypeNames = [BuxShardRegions.UserTypeName, BuxShardRegions.PostTypeName];

    private static readonly SwitchDefinition RegionType =
        new("r", "type", $"the entity type: {string.Join(" or ", TypeNames)}", Mandatory: true);

    public PaletteDefinition Definition { get; } = new("cluster-sharding", "shard regions, shards and entities across the cluster",
    [
        new("regions", "the shard region types and whether they run on this node", []),
        new("region-stats", "per node: shards and entities of the type; the node running the shard coordinator marked", [RegionType]),
        new("shard-stats", "per node, per shard: the entities of the type", [RegionType]),
    ]);

    public IAsyncEnumerable<string> Run(PbmCommandCall call, CancellationToken cancellationToken) => call.Command switch
    {
        "regions" => Regions().Streamed(),
        "region-stats" => RegionStats(call.Required("r"), cancellationToken),
        "shard-stats" => ShardStats(call.Required("r"), cancellationToken),
        _ => throw new InvalidOperationException($"cluster-sharding palette has no handler for '{call.Command}'"),
    };

    private IEnumerable<string> Regions()
    {
        var started = ClusterSharding.Get(system).ShardTypeNames.ToHashSet();
        foreach (var type in TypeNames)
            yield return $"{type} | {(started.Contains(type) ? "started" : "not started (the regions start once this member is Up)")}";
    }

    private async IAsyncEnumerable<string> RegionStats(string type, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var regions = await Stats(type);
        var coordinator = await CoordinatorAddress(type, regions.Select(r => r.Key), cancellationToken);
        foreach (var (address, stats) in regions)
        {
            var row = $"{address} | shards: {stats.Stats.Count} | entities: {stats.Stats.Values.Sum()}";
            if (stats.Failed.Count > 0)
                row += $" | {stats.Failed.Count} shard(s) did not answer";
            yield return address == coordinator ? $"{row} | coordinator" : row;
        }
        yield return $"Total: {regions.Sum(r => r.Value.Stats.Count)} shard(s), {regions.Sum(r => r.Value.Stats.Values.Sum())} " +
                     $"{type} entities on {regions.Count} node(s)";
    }

    private async IAsyncEnumerable<string> ShardStats(string type, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var (address, stats) in await Stats(type))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (stats.Stats.Count == 0)
                yield return $"{address} | no shards";
            foreach (var (shard, entities) in stats.Stats.OrderBy(s => s.Key.Length).ThenBy(s => s.Key, StringComparer.Ordinal))
                yield return $"{address} | shard {shard} | entities: {entities}";
        }
    }

    /// <summary>Every region of the type in the cluster, keyed by its node's address, in address order.</summary>
    private async Task<IReadOnlyList<KeyValuePair<Address, ShardRegionStats>>> Stats(string type)
    {
        var sharding = ClusterSharding.Get(system);
        if (!TypeNames.Contains(type))
            throw new PbmBadInputException($"unknown region type '{type}'; types: {string.Join(", ", TypeNames)}");
        if (!sharding.ShardTypeNames.Contains(type))
            throw new InvalidOperationException($"the {type} region has not started on this node: it starts once this member is Up (see `bux status`)");
        ClusterShardingStats stats;
        try
        {
            stats = await sharding.ShardRegion(type).Ask<ClusterShardingStats>(new GetClusterShardingStats(timeout), timeout * 2);
        }
        catch (AskTimeoutException)
        {
            throw new InvalidOperationException($"the {type} regions did not report within {(timeout * 2).TotalSeconds:0}s (Bux:AskTimeout x 2)");
        }
        var self = Akka.Cluster.Cluster.Get(system).SelfAddress;
        return stats.Regions
            .Select(r => KeyValuePair.Create(r.Key.HasLocalScope ? self : r.Key, r.Value))
            .OrderBy(r => r.Key.ToString(), StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The node whose shard coordinator (a cluster singleton) answers; null when none does in time.</summary>
    private async Task<Address?> CoordinatorAddress(string type, IEnumerable<Address> nodes, CancellationToken cancellationToken)
    {
        var answers = await Task.WhenAll(nodes.Select(async node =>
        {
            var path = new RootActorPath(node) / "system" / "sharding" / $"{type}Coordinator" / "singleton" / "coordinator";
            try
            {
                var identity = await system.ActorSelection(path).Ask<ActorIdentity>(new Identify(null), timeout, cancellationToken);
                return identity.Subject is null ? null : node;
            }
            catch (AskTimeoutException)
            {
                return null;
            }
        }));
        return answers.FirstOrDefault(a => a is not null);
    }
}
