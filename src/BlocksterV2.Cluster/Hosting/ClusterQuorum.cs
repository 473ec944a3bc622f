using Akka.Actor;
using Akka.Cluster;

namespace BlocksterV2.Cluster.Hosting;

/// <summary>
/// Whether this node is on the side of a partition that the split-brain resolver (keep-majority) keeps. A node on
/// the other side will be downed: it should stop taking traffic now, not when the resolver acts.
/// </summary>
public static class ClusterQuorum
{
    /// <returns>Null when this node's side keeps the cluster; otherwise why it does not.</returns>
    public static string? CutOff(IEnumerable<Member> members, IReadOnlySet<Address> unreachable) =>
        CutOff(members.Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving).Select(m => m.Address).ToList(), unreachable);

    /// <param name="counted">The members the split-brain resolver counts (Up or Leaving).</param>
    public static string? CutOff(IReadOnlyList<Address> counted, IReadOnlySet<Address> unreachable)
    {
        if (counted.Count == 0)
            return null;
        var reachable = counted.Count(a => !unreachable.Contains(a));
        var lowest = counted.Min(Member.AddressOrdering)!;
        var keeps = reachable * 2 > counted.Count || (reachable * 2 == counted.Count && !unreachable.Contains(lowest));
        return keeps
            ? null
            : $"cut off from the majority of the cluster ({counted.Count - reachable} of {counted.Count} members unreachable); " +
              "the split-brain resolver will down this node";
    }
}
