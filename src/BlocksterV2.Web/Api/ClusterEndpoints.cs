using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using BlocksterV2.Cluster.Hosting;
using BlocksterV2.Cluster.Sharding;
using Microsoft.Extensions.Options;

namespace BlocksterV2.Web.Api;

public static class ClusterEndpoints
{
    public static void MapClusterEndpoints(this IEndpointRouteBuilder app)
    {
        var cluster = app.MapGroup("/api/cluster").WithTags("cluster").RequireApiKey();

        cluster.MapGet("", (ActorSystem system) => Results.Ok(View(Akka.Cluster.Cluster.Get(system))))
            .WithSummary("This node's view of the cluster: its members, their status and reachability, the leader")
            .Produces<ClusterView>();

        cluster.MapGet("/shards", async (ActorSystem system, ActorRegistry registry, IOptions<BuxNodeOptions> options) =>
            {
                var timeout = options.Value.AskTimeout;
                var regions = new Dictionary<string, IReadOnlyList<ShardView>>
                {
                    [BuxShardRegions.UserTypeName] = await Hosted(registry.Get<UserBuxRegion>(), timeout),
                    [BuxShardRegions.PostTypeName] = await Hosted(registry.Get<PostBuxRegion>(), timeout),
                };
                return Results.Ok(new HostedShardsView(Akka.Cluster.Cluster.Get(system).SelfAddress.ToString(), regions));
            })
            .RequireReadyNode()
            .WithSummary("The shards and entities this node hosts right now")
            .Produces<HostedShardsView>();
    }

    private static ClusterView View(Akka.Cluster.Cluster cluster)
    {
        var state = cluster.State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        var members = state.Members
            .Select(m => new MemberView(m.Address.ToString(), m.Status.ToString(), m.Roles.Order().ToList(), !unreachable.Contains(m.Address)))
            .ToList();
        return new ClusterView(cluster.SelfAddress.ToString(), cluster.SelfMember.Status.ToString(), state.Leader?.ToString(),
            members, unreachable.Select(a => a.ToString()).ToList());
    }

    private static async Task<IReadOnlyList<ShardView>> Hosted(IActorRef region, TimeSpan timeout)
    {
        var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, timeout);
        return state.Shards
            .Select(s => new ShardView(s.ShardId, s.EntityIds.Order().ToList()))
            .OrderBy(s => s.ShardId, StringComparer.Ordinal)
            .ToList();
    }
}
