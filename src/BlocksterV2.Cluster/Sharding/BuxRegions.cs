namespace BlocksterV2.Cluster.Sharding;

/// <summary>Registry key for the shard region of user entities (<c>user_bux_points</c>).</summary>
public sealed class UserBuxRegion;

/// <summary>Registry key for the shard region of post entities (<c>post_bux_points</c>).</summary>
public sealed class PostBuxRegion;
