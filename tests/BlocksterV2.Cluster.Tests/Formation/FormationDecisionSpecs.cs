using Akka.Actor;
using BlocksterV2.Cluster.Formation;

namespace BlocksterV2.Cluster.Tests.Formation;

public sealed class FormationDecisionSpecs
{
    private const string Service = "blockster.test";
    private static readonly ContactPoint A = new("127.0.0.2", 4053);
    private static readonly ContactPoint B = new("127.0.0.3", 4053);
    private static readonly ContactPoint C = new("127.0.0.4", 4053);
    private static readonly DiscoveryOptions Options = new() { RequiredContactPoints = 2, StableMargin = TimeSpan.FromSeconds(5) };
    private static readonly TimeSpan Stable = TimeSpan.FromSeconds(6);

    private static ContactPointAnswer NotInCluster(ContactPoint p) => new(Node(p), []);

    private static ContactPointAnswer InCluster(ContactPoint p, params ContactPoint[] members) => new(Node(p), members.Select(Node).ToList());

    private static string Node(ContactPoint p) => p.ToAddress("blockster").ToString();

    private static FormationDecision Decide(ContactPoint self, TimeSpan stableFor, DiscoveryOptions options, params (ContactPoint Point, ContactPointAnswer? Answer)[] seen)
    {
        var answers = seen.Where(s => s.Answer is not null).ToDictionary(s => s.Point, s => s.Answer!);
        return FormationDecision.Decide(new FormationRound(seen.Select(s => s.Point).Order().ToList(), stableFor, answers, self), options, Service);
    }

    [Fact]
    public void The_lowest_address_forms_the_cluster_when_every_node_answered_and_the_set_is_stable()
    {
        var decision = Decide(A, Stable, Options, (A, NotInCluster(A)), (B, NotInCluster(B)), (C, NotInCluster(C)));

        var form = Assert.IsType<FormationDecision.FormNewCluster>(decision);
        Assert.Contains("lowest address", form.Explanation);
        Assert.Contains("127.0.0.2:4053, 127.0.0.3:4053, 127.0.0.4:4053", form.Explanation);
    }

    [Fact]
    public void Every_other_node_waits_for_the_lowest_one()
    {
        var decision = Decide(B, Stable, Options, (A, NotInCluster(A)), (B, NotInCluster(B)), (C, NotInCluster(C)));

        var wait = Assert.IsType<FormationDecision.Wait>(decision);
        Assert.Contains("127.0.0.2:4053 has the lowest address", wait.Explanation);
    }

    [Fact]
    public void A_node_that_is_already_in_a_cluster_is_joined_whatever_else_holds()
    {
        var options = new DiscoveryOptions { RequiredContactPoints = 5, NewClusterEnabled = false };

        var decision = Decide(A, TimeSpan.Zero, options, (A, NotInCluster(A)), (B, InCluster(B, B, C)), (C, null));

        var join = Assert.IsType<FormationDecision.JoinExisting>(decision);
        Assert.Equal([B.ToAddress("blockster"), C.ToAddress("blockster")], join.SeedNodes);
        Assert.Contains("127.0.0.3:4053 is already a member of a cluster of 2", join.Explanation);
    }

    [Fact]
    public void A_restarted_node_still_listed_under_its_old_incarnation_is_never_its_own_seed()
    {
        var decision = Decide(A, Stable, Options, (A, NotInCluster(A)), (B, InCluster(B, A, B, C)), (C, InCluster(C, A, B, C)));

        var join = Assert.IsType<FormationDecision.JoinExisting>(decision);
        Assert.Equal([B.ToAddress("blockster"), C.ToAddress("blockster")], join.SeedNodes);
    }

    [Fact]
    public void A_node_never_forms_a_cluster_alone_because_DNS_listed_only_itself()
    {
        var decision = Decide(A, Stable, Options, (A, NotInCluster(A)));

        var wait = Assert.IsType<FormationDecision.Wait>(decision);
        Assert.Contains("DNS lists 1 node (127.0.0.2:4053) but 2 are required", wait.Explanation);
        Assert.Contains("Bux:Discovery:RequiredContactPoints", wait.Explanation);
    }

    [Fact]
    public void With_one_required_contact_point_a_single_node_forms_its_cluster()
    {
        var decision = Decide(A, Stable, new DiscoveryOptions { RequiredContactPoints = 1, StableMargin = Options.StableMargin }, (A, NotInCluster(A)));

        Assert.IsType<FormationDecision.FormNewCluster>(decision);
    }

    [Fact]
    public void No_cluster_is_formed_while_a_discovered_node_does_not_answer()
    {
        var decision = Decide(A, Stable, Options, (A, NotInCluster(A)), (B, NotInCluster(B)), (C, null));

        var wait = Assert.IsType<FormationDecision.Wait>(decision);
        Assert.Contains("1 of the 3 nodes DNS lists did not answer (127.0.0.4:4053)", wait.Explanation);
    }

    [Fact]
    public void No_cluster_is_formed_until_the_discovered_set_has_been_stable_for_the_margin()
    {
        var decision = Decide(A, TimeSpan.FromSeconds(4.9), Options, (A, NotInCluster(A)), (B, NotInCluster(B)));

        var wait = Assert.IsType<FormationDecision.Wait>(decision);
        Assert.Contains("Bux:Discovery:StableMargin", wait.Explanation);
    }

    [Fact]
    public void Forming_a_new_cluster_can_be_switched_off()
    {
        var options = new DiscoveryOptions { RequiredContactPoints = 2, NewClusterEnabled = false };

        var decision = Decide(A, Stable, options, (A, NotInCluster(A)), (B, NotInCluster(B)));

        var wait = Assert.IsType<FormationDecision.Wait>(decision);
        Assert.Contains("Bux:Discovery:NewClusterEnabled=false", wait.Explanation);
    }

    [Fact]
    public void A_node_DNS_does_not_list_waits_and_says_which_address_it_advertises()
    {
        var decision = Decide(new ContactPoint("10.0.0.9", 4053), Stable, Options, (A, NotInCluster(A)), (B, NotInCluster(B)));

        var wait = Assert.IsType<FormationDecision.Wait>(decision);
        Assert.Contains("this node (10.0.0.9:4053) is not among the nodes DNS lists", wait.Explanation);
        Assert.Contains("Bux:PublicHostname", wait.Explanation);
    }

    [Fact]
    public void Nothing_found_is_a_wait_that_names_the_service()
    {
        var wait = Assert.IsType<FormationDecision.Wait>(Decide(A, Stable, Options));

        Assert.Contains("DNS lists no nodes for blockster.test", wait.Explanation);
    }

    [Fact]
    public void Addresses_compare_exactly_as_akka_orders_members_host_text_then_port()
    {
        ContactPoint[] points =
        [
            new("127.0.0.9", 4053), new("[fd00::2]", 4053), new("127.0.0.10", 4054), new("127.0.0.10", 4053), new("[::1]", 4053),
        ];

        Assert.Equal(
            [new("127.0.0.10", 4053), new("127.0.0.10", 4054), new("127.0.0.9", 4053), new("[::1]", 4053), new ContactPoint("[fd00::2]", 4053)],
            points.Order());
    }

    [Fact]
    public void An_IPv6_node_with_the_lowest_address_forms_the_cluster_under_its_bracketed_address()
    {
        var low = new ContactPoint("[fdaa:0:1::2]", 4053);
        var high = new ContactPoint("[fdaa:0:1::3]", 4053);

        var decision = Decide(low, Stable, Options, (low, NotInCluster(low)), (high, NotInCluster(high)));

        Assert.IsType<FormationDecision.FormNewCluster>(decision);
        Assert.Equal("akka.tcp://blockster@[fdaa:0:1::2]:4053", low.ToAddress("blockster").ToString());
    }
}
