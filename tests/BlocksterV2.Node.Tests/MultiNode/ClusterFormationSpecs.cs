using System.Diagnostics;
using System.Net;
using BlocksterV2.Cluster.Hosting;

namespace BlocksterV2.Node.Tests.MultiNode;

/// <summary>Cluster formation through DNS and the seed-startup ordering guard, with real nodes and a real DNS server.</summary>
[Collection(MultiNodeCollection.Name)]
public sealed class ClusterFormationSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private LocalCluster _cluster = null!;

    public async ValueTask InitializeAsync() => _cluster = await LocalCluster.Start();

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Three_nodes_started_together_form_one_cluster_with_exactly_one_self_join()
    {
        await _cluster.ListInDns(2, 3, 4);
        var clock = Stopwatch.StartNew();

        foreach (var octet in new[] { 2, 3, 4 })
            _cluster.StartNode(octet);
        await _cluster.AwaitOneClusterOf(2, 3, 4);

        output.WriteLine($"3 nodes started together: one cluster, every node ready, after {clock.Elapsed.TotalSeconds:0.0}s");
        Assert.Equal(1, _cluster.SelfJoins);
        Assert.Equal(1, _cluster[2].Count(LocalCluster.SelfJoinLog));
        foreach (var octet in new[] { 2, 3, 4 })
        {
            var decisions = _cluster[octet].Output.Split('\n')
                .Where(line => line.Contains("Cluster formation: "))
                .Select(line => line[line.IndexOf("Cluster formation: ", StringComparison.Ordinal)..])
                .ToList();
            Assert.NotEmpty(decisions);
            Assert.Equal(decisions.Distinct(), decisions); // every finding and decision logged once, not every round
        }
    }

    [Theory]
    [InlineData(new[] { 2, 3, 4 })]
    [InlineData(new[] { 4, 3, 2 })]
    public async Task Nodes_started_one_after_another_form_one_cluster_with_exactly_one_self_join(int[] order)
    {
        var listed = new List<int>();
        foreach (var octet in order)
        {
            // as on Fly: a machine is in DNS from the moment it runs
            listed.Add(octet);
            await _cluster.ListInDns([.. listed]);
            await _cluster.StartNode(octet).WaitUntilLive();
        }

        await _cluster.AwaitOneClusterOf(2, 3, 4);
        Assert.Equal(1, _cluster.SelfJoins);
    }

    [Fact]
    public async Task A_node_alone_in_DNS_does_not_form_a_cluster_until_a_second_node_appears()
    {
        await _cluster.ListInDns(2);
        var lonely = _cluster.StartNode(2);

        await Eventually.True(() => Task.FromResult(lonely.Output.Contains("but 2 are required")), TimeSpan.FromSeconds(30),
            () => $"node 2 to say it waits for a second node:\n{lonely.Output}");
        var watched = Stopwatch.StartNew();
        while (watched.Elapsed < LocalCluster.StableMargin * 2)
        {
            Assert.NotEqual("Up", (await LocalCluster.View(lonely)).SelfStatus);
            using var ready = await lonely.Http.GetAsync("/health/ready", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        Assert.Equal(0, _cluster.SelfJoins);
        Assert.DoesNotContain("/system/sharding/user-bux", lonely.Output); // no shard region before the member is Up

        await _cluster.ListInDns(2, 3);
        _cluster.StartNode(3);
        await _cluster.AwaitOneClusterOf(2, 3);
        Assert.Equal(1, _cluster[2].Count(LocalCluster.SelfJoinLog));
        Assert.Equal(1, _cluster.SelfJoins);
    }

    [Fact]
    public async Task The_lowest_address_node_restarted_rejoins_the_running_cluster_and_never_forms_a_second_one()
    {
        await _cluster.StartOneClusterOf(2, 3, 4);

        await _cluster.Stop(2);
        var clock = Stopwatch.StartNew();
        var restarted = _cluster.StartNode(2);
        await _cluster.AwaitOneClusterOf(2, 3, 4);

        output.WriteLine($"lowest-address node restarted: back in the cluster and ready after {clock.Elapsed.TotalSeconds:0.0}s");
        Assert.Equal(1, _cluster.SelfJoins);
        Assert.Equal(0, restarted.Count(LocalCluster.SelfJoinLog));
        Assert.Contains("is already a member of a cluster", restarted.Output);
    }

    [Fact]
    public async Task A_node_that_cannot_join_within_the_join_timeout_exits_with_code_2_for_the_platform_to_restart_it()
    {
        var nobodyThere = $"{LocalCluster.Ip(2)}:{FreePorts.Tcp()}";
        var node = _cluster.StartStaticNode(3, join: nobodyThere, new Dictionary<string, string> { ["Bux__Discovery__JoinTimeout"] = "00:00:03" });

        await node.WaitForExit(TimeSpan.FromSeconds(60));

        Assert.Equal(NodeExit.JoinFailed, node.ExitCode);
        Assert.Contains("could not join a cluster within", node.Output);
    }

    [Fact]
    public async Task A_node_joins_a_single_node_by_hand_as_in_the_two_terminal_recipe()
    {
        var first = _cluster.StartStaticNode(2, join: null);
        await first.WaitUntilReady();
        _cluster.StartStaticNode(3, join: $"{LocalCluster.Ip(2)}:{_cluster.RemotingPort}");

        await _cluster.AwaitOneClusterOf(2, 3);
        Assert.Contains("forms a cluster by itself", first.Output);
    }
}
