using System.Net;
using System.Net.Http.Json;
using BlocksterV2.Cluster.Hosting;
using BlocksterV2.Cluster.Sharding;
using BlocksterV2.Web.Api;

namespace BlocksterV2.Node.Tests.MultiNode;

/// <summary>A node leaves, dies or is cut off: the other two keep the cluster and serve its entities.</summary>
[Collection(MultiNodeCollection.Name)]
public sealed class NodeLossSpecs : IAsyncLifetime
{
    private const int Users = 60;
    private LocalCluster _cluster = null!;

    public async ValueTask InitializeAsync() => _cluster = await LocalCluster.StartSeeded(Users, 2, 3, 4);

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_node_stopped_with_SIGTERM_leaves_gracefully_and_every_entity_it_hosted_answers_from_another_node()
    {
        var hosted = await UsersHostedBy(_cluster[4]);
        Assert.NotEmpty(hosted);

        _cluster[4].Terminate();
        await _cluster[4].WaitForExit(TimeSpan.FromSeconds(30));

        Assert.Equal(NodeExit.Clean, _cluster[4].ExitCode);
        _cluster.Forget(4);
        await _cluster.AwaitOneClusterOf(2, 3);
        foreach (var user in hosted)
            Assert.Equal(HttpStatusCode.OK, await _cluster[2].Http.Credit(user, 1, key: $"after-leave-{user}").Status());
        var nowHosted = (await UsersHostedBy(_cluster[2])).Concat(await UsersHostedBy(_cluster[3])).ToHashSet();
        Assert.Superset(hosted.ToHashSet(), nowHosted);
    }

    [Fact]
    public async Task A_node_killed_with_SIGKILL_is_downed_and_the_other_two_keep_serving()
    {
        var hosted = await UsersHostedBy(_cluster[4]);
        Assert.NotEmpty(hosted);

        await _cluster.Stop(4);

        await _cluster.AwaitOneClusterOf(2, 3);
        foreach (var user in hosted)
            Assert.Equal(HttpStatusCode.OK, await _cluster[3].Http.Credit(user, 1, key: $"after-kill-{user}").Status());
    }

    [Fact]
    public async Task A_node_cut_off_long_enough_to_be_downed_exits_with_the_downed_exit_code()
    {
        var cutOff = _cluster[4];

        cutOff.Freeze();
        await _cluster.AwaitOneClusterOf(2, 3);
        cutOff.Resume();
        await cutOff.WaitForExit(TimeSpan.FromSeconds(60));

        Assert.Equal(NodeExit.Downed, cutOff.ExitCode);
        _cluster.Forget(4);
    }

    [Fact]
    public async Task A_node_cut_off_from_the_majority_stops_taking_traffic_downs_itself_and_the_majority_carries_on()
    {
        var minority = _cluster[2];
        _cluster[3].Freeze();
        _cluster[4].Freeze();

        await Eventually.True(async () =>
        {
            using var ready = await minority.Http.GetAsync("/health/ready");
            return ready.StatusCode == HttpStatusCode.ServiceUnavailable && (await ready.Content.ReadAsStringAsync()).Contains("cut off from the majority");
        }, TimeSpan.FromSeconds(30), () => $"node 2 to report itself cut off on /health/ready:\n{minority.Output}");
        await minority.WaitForExit(TimeSpan.FromSeconds(60));
        Assert.Equal(NodeExit.Downed, minority.ExitCode);
        _cluster.Forget(2);

        _cluster[3].Resume();
        _cluster[4].Resume();
        // SIGSTOP leaves node 2's last gossip in the frozen nodes' socket buffers. Read after the resume, its
        // observation "2 cannot reach 4" can make the resolver see 4 as indirectly connected and down it too (a
        // real partition delivers no such gossip). Either way the majority side carries on: a node it downs exits 3
        // and, restarted as the platform restarts it, rejoins.
        await Eventually.True(async () => _cluster[3].HasExited || _cluster[4].HasExited || (await _cluster.IsOneClusterOf(3, 4)).Formed,
            TimeSpan.FromSeconds(60), () => $"nodes 3 and 4 to be one cluster again, or one of them downed:\n{_cluster.Logs}");
        foreach (var octet in new[] { 3, 4 }.Where(o => _cluster[o].HasExited))
        {
            Assert.Equal(NodeExit.Downed, _cluster[octet].ExitCode);
            _cluster.Forget(octet);
        }
        var survivors = new[] { 3, 4 }.Where(_cluster.IsRunning).ToList();
        Assert.NotEmpty(survivors);
        foreach (var octet in new[] { 3, 4 }.Except(survivors))
            _cluster.StartNode(octet);
        await _cluster.AwaitOneClusterOf(3, 4);
    }

    private static async Task<IReadOnlyList<string>> UsersHostedBy(NodeProcess node)
    {
        var view = await node.Http.GetFromJsonAsync<HostedShardsView>("/api/cluster/shards");
        return view!.Regions[BuxShardRegions.UserTypeName].SelectMany(s => s.EntityIds).ToList();
    }
}
