namespace BlocksterV2.Web.Api;

/// <summary>This node's view of the cluster, as <c>pbm cluster show</c> prints it.</summary>
public sealed record ClusterView(string Self, string SelfStatus, string? Leader, IReadOnlyList<MemberView> Members, IReadOnlyList<string> Unreachable);

public sealed record MemberView(string Address, string Status, IReadOnlyList<string> Roles, bool Reachable);

/// <summary>The shards and entities this node hosts, per entity type (<c>user-bux</c>, <c>post-bux</c>).</summary>
public sealed record HostedShardsView(string Node, IReadOnlyDictionary<string, IReadOnlyList<ShardView>> Regions);

public sealed record ShardView(string ShardId, IReadOnlyList<string> EntityIds);
