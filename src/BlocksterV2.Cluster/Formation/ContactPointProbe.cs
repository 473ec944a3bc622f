using BlocksterV2.Domain;

namespace BlocksterV2.Cluster.Formation;

/// <summary>Sent by a starting node to every discovered node: are you in a cluster?</summary>
public sealed record ContactPointProbe : IBuxMessage;

/// <summary>
/// A probed node's answer: its own address, and the Up members of its cluster when it is an Up member itself
/// (empty while it is not in a cluster yet).
/// </summary>
public sealed record ContactPointAnswer(string Node, IReadOnlyList<string> ClusterMembers) : IBuxMessage
{
    public bool IsClusterMember => ClusterMembers.Count > 0;
}
