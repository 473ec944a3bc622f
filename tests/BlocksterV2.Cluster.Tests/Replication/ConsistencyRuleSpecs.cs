using BlocksterV2.Cluster.Replication;

namespace BlocksterV2.Cluster.Tests.Replication;

/// <summary>When a replicated write is acknowledged, and when it is not even tried (this node holds it: it always counts).</summary>
public sealed class ConsistencyRuleSpecs
{
    private static PeerView Peer(long acked, bool reachable = true, bool waited = true, bool counted = true) => new(counted, reachable, waited, acked);

    [Fact]
    public void All_waits_for_every_reachable_caught_up_member()
    {
        Assert.False(ConsistencyRule.IsMet(Consistency.All, [Peer(5), Peer(4)], upTo: 5));
        Assert.True(ConsistencyRule.IsMet(Consistency.All, [Peer(5), Peer(6)], upTo: 5));
    }

    [Fact]
    public void All_does_not_wait_for_a_member_that_stopped_answering_but_still_needs_a_majority()
    {
        Assert.True(ConsistencyRule.IsMet(Consistency.All, [Peer(5), Peer(0, waited: false)], upTo: 5));
        Assert.True(ConsistencyRule.IsMet(Consistency.All, [Peer(5), Peer(0, reachable: false)], upTo: 5));
        // an unreachable member counts until it is removed: one holder of three is no majority
        Assert.False(ConsistencyRule.IsMet(Consistency.All, [Peer(0, reachable: false), Peer(0, waited: false)], upTo: 5));
    }

    [Fact]
    public void Majority_needs_more_than_half_of_the_members_this_one_included()
    {
        Assert.True(ConsistencyRule.IsMet(Consistency.Majority, [Peer(5), Peer(0)], upTo: 5));
        Assert.False(ConsistencyRule.IsMet(Consistency.Majority, [Peer(0), Peer(0)], upTo: 5));
        // two members: both
        Assert.False(ConsistencyRule.IsMet(Consistency.Majority, [Peer(0)], upTo: 5));
    }

    [Fact]
    public void A_member_not_yet_counted_by_the_split_brain_resolver_neither_helps_nor_blocks()
    {
        Assert.True(ConsistencyRule.IsMet(Consistency.All, [Peer(0, counted: false)], upTo: 5));
        Assert.True(ConsistencyRule.IsMet(Consistency.Majority, [Peer(5), Peer(0), Peer(0, counted: false)], upTo: 5));
    }

    [Fact]
    public void Local_is_met_by_the_local_commit_and_never_refused()
    {
        Assert.True(ConsistencyRule.IsMet(Consistency.Local, [Peer(0), Peer(0)], upTo: 5));
        Assert.Null(ConsistencyRule.Refusal(Consistency.Local, [Peer(0, reachable: false), Peer(0, reachable: false)]));
    }

    [Fact]
    public void A_node_that_reaches_no_majority_refuses_writes_before_storing_anything_and_says_why()
    {
        var refusal = ConsistencyRule.Refusal(Consistency.All, [Peer(0, reachable: false), Peer(0, reachable: false)]);

        Assert.NotNull(refusal);
        Assert.Contains("reaches 1 of the cluster's 3 members", refusal);
        Assert.Null(ConsistencyRule.Refusal(Consistency.All, [Peer(0), Peer(0, reachable: false)]));
        Assert.NotNull(ConsistencyRule.Refusal(Consistency.Majority, [Peer(0, reachable: false)]));
        Assert.Null(ConsistencyRule.Refusal(Consistency.All, []));
    }
}
