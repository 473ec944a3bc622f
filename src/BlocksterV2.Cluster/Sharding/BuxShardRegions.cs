using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Hosting;
using BlocksterV2.Cluster.Entities;
using BlocksterV2.Cluster.Hosting;

namespace BlocksterV2.Cluster.Sharding;

/// <summary>
/// Starts the user and post shard regions and registers them for <c>IRequiredActor&lt;T&gt;</c>. Called once this
/// member is Up, not at actor-system start: a region must not host entities before the node is in its cluster.
/// </summary>
public static class BuxShardRegions
{
    public const string UserTypeName = "user-bux";
    public const string PostTypeName = "post-bux";

    public static async Task StartAsync(ActorSystem system, IActorRegistry registry, BuxNodeOptions options)
    {
        IFaultInjection faults = options.Faults.KillAfterRewardReserved ? new KillAfterRewardReserved() : NoFaults.Instance;
        var resident = ResidentEntities.For(system);
        var availableBytes = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes; // read once: the log says what the limit came from
        resident.SetLimit(options.Entities.EffectiveMaxResident(availableBytes));
        system.Log.Info(options.Entities.MaxResident is null
            ? "Resident entities: at most {0} on this node ({1:P0} of the {2:N0} MB this process may use, at about {3:N0} B each); set Bux:Entities:MaxResident to choose another limit (0: none)"
            : "Resident entities: at most {0} on this node (Bux:Entities:MaxResident; 0: no limit)",
            resident.Limit, EntityOptions.DefaultMemoryShare, availableBytes / (1024 * 1024), EntityOptions.BytesPerResidentEntity);
        var entities = new EntitySettings(options.SnapshotEvery, options.RewardRetryInterval, resident);
        var sharding = ClusterSharding.Get(system);
        var settings = ClusterShardingSettings.Create(system)
            .WithRole(BuxClusterSetup.Role)
            .WithStateStoreMode(StateStoreMode.DData)
            .WithRememberEntities(false)
            .WithPassivateIdleAfter(options.PassivateIdleAfter);
        var allocation = sharding.DefaultShardAllocationStrategy(settings);

        var users = await sharding.StartAsync(UserTypeName,
            userId => UserBuxActorProducer.Props(userId, entities), settings, new UserMessageExtractor(options.MaxShards),
            allocation, StopEntity.Instance);
        registry.Register<UserBuxRegion>(users);

        var posts = await sharding.StartAsync(PostTypeName,
            postId => PostBuxActorProducer.Props(postId, users, entities, faults), settings, new PostMessageExtractor(options.MaxShards),
            allocation, StopEntity.Instance);
        registry.Register<PostBuxRegion>(posts);
    }
}
