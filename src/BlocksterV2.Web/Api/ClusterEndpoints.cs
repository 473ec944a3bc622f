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

        cluster.MapGet("/shards", async (ActorSystem system, IRequiredActor<UserBuxRegion> users, IRequiredActor<PostBuxRegion> posts,
                IOptions<BuxNodeOptions> options, ILoggerFactory loggers) =>
            {
                var timeout = options.Value.AskTimeout;
                var regions = new Dictionary<string, IReadOnlyList<ShardView>>();
                foreach (var (typeName, region) in new[] { (BuxShardRegions.UserTypeName, users.ActorRef), (BuxShardRegions.PostTypeName, posts.ActorRef) })
                {
                    try
                    {
                        regions[typeName] = await Hosted(region, timeout);
                    }
                    catch (AskTimeoutException)
                    {
                        loggers.CreateLogger(typeof(ClusterEndpoints)).LogWarning("The {TypeName} shard region did not answer GetShardRegionState within {Timeout}s: GET /api/cluster/shards " +
                                       "answered 504. If it repeats, the node's sharding is stuck: see its log and pbm cluster-sharding region-stats.",
                            typeName, timeout.TotalSeconds);
                        return Problems.Create(StatusCodes.Status504GatewayTimeout, "RegionTimeout", null,
                            $"the {typeName} shard region did not answer within {timeout.TotalSeconds:0.###}s; retry");
                    }
                }
                return Results.Ok(new HostedShardsView(Akka.Cluster.Cluster.Get(system).SelfAddress.ToString(), regions));
            })
            .RequireReadyNode()
            .WithSummary("The shards and entities this node hosts right now")
            .Produces<HostedShardsView>()
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);
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
