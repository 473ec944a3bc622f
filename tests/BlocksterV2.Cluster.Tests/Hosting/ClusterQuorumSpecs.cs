using Akka.Actor;
using BlocksterV2.Cluster.Hosting;

namespace BlocksterV2.Cluster.Tests.Hosting;

public sealed class ClusterQuorumSpecs
{
    private static Address Node(int octet) => new("akka.tcp", "blockster", $"127.0.0.{octet}", 4053);

    private static string? CutOff(int[] members, params int[] unreachable) =>
        ClusterQuorum.CutOff(members.Select(Node).ToList(), unreachable.Select(Node).ToHashSet());

    [Fact]
    public void A_node_that_reaches_the_majority_stays_ready()
    {
        Assert.Null(CutOff([2, 3, 4]));
        Assert.Null(CutOff([2, 3, 4], 4));
    }

    [Fact]
    public void A_node_that_reaches_only_a_minority_is_cut_off_and_says_why()
    {
        var why = CutOff([2, 3, 4], 3, 4);

        Assert.Equal("cut off from the majority of the cluster (2 of 3 members unreachable); the split-brain resolver will down this node", why);
    }

    [Fact]
    public void In_an_even_split_the_side_with_the_lowest_address_stays_as_keep_majority_decides()
    {
        int[] four = [2, 3, 4, 5];

        Assert.Null(CutOff(four, 4, 5));
        Assert.NotNull(CutOff(four, 2, 3));
    }
}
