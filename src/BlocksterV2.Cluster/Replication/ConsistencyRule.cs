namespace BlocksterV2.Cluster.Replication;

/// <summary>
/// How the write path sees one other member: whether the split-brain resolver counts it (Up or Leaving), whether it is
/// reachable, whether writes wait for it (it has caught up and answers in time), and how far it holds this node's events.
/// </summary>
public readonly record struct PeerView(bool Counted, bool Reachable, bool Waited, long Acked);

/// <summary>When a replicated write may be acknowledged, and when it cannot be tried at all. Pure: no Akka, no clock.</summary>
public static class ConsistencyRule
{
    /// <summary>
    /// Whether the events this node committed up to <paramref name="upTo"/> are held as <paramref name="consistency"/> asks.
    /// This node holds them; it is always counted.
    /// </summary>
    public static bool IsMet(Consistency consistency, IReadOnlyCollection<PeerView> peers, long upTo)
    {
        if (consistency == Consistency.Local)
            return true;
        int counted = 1, holders = 1;
        var everyWaitedHolds = true;
        foreach (var peer in peers)
        {
            if (!peer.Counted)
                continue;
            counted++;
            if (peer.Acked >= upTo)
                holders++;
            else if (peer.Reachable && peer.Waited)
                everyWaitedHolds = false;
        }
        var majority = holders * 2 > counted;
        return consistency == Consistency.Majority ? majority : majority && everyWaitedHolds;
    }

    /// <summary>
    /// Why no write can meet <paramref name="consistency"/> now (fewer than a majority of the counted members, this node
    /// included, are reachable), so it must not be stored at all; null when a write may be tried.
    /// </summary>
    public static string? Refusal(Consistency consistency, IReadOnlyCollection<PeerView> peers)
    {
        if (consistency == Consistency.Local)
            return null;
        var counted = 1 + peers.Count(p => p.Counted);
        var reachable = 1 + peers.Count(p => p.Counted && p.Reachable);
        return reachable * 2 > counted
            ? null
            : $"this node reaches {reachable} of the cluster's {counted} members, and consistency '{consistency.ToString().ToLowerInvariant()}' needs " +
              "more than half to hold every write; nothing was stored";
    }

    /// <summary>How many members (this one included) hold the events up to <paramref name="upTo"/>, of how many counted.</summary>
    public static (int Holders, int Counted) Holders(IReadOnlyCollection<PeerView> peers, long upTo) =>
        (1 + peers.Count(p => p.Counted && p.Acked >= upTo), 1 + peers.Count(p => p.Counted));
}
