using System.Net;
using System.Net.Http.Json;
using BlocksterV2.Cluster.Hosting;
using BlocksterV2.Cluster.Sharding;
using BlocksterV2.Cmd;
using BlocksterV2.Node.Tests.MultiNode;
using BlocksterV2.Web.Api;

namespace BlocksterV2.Node.Tests.Pbm;

/// <summary>pbm against a real 3-node cluster: what it shows, and the membership changes it makes.</summary>
[Collection(MultiNodeCollection.Name)]
public sealed class PbmClusterSpecs : IAsyncLifetime
{
    private const int Users = 30;
    private LocalCluster _cluster = null!;

    public async ValueTask InitializeAsync() => _cluster = await LocalCluster.StartSeeded(Users, 2, 3, 4);

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    /// <summary>One cluster for the whole story: starting three clusters for three specs would triple the time.</summary>
    [Fact]
    public async Task Pbm_shows_three_members_Up_counts_the_entities_and_makes_members_leave_go_down_and_join()
    {
        foreach (var octet in new[] { 2, 3, 4 })
            await ShowsThreeMembersUpWithOneLeader(_cluster[octet]);

        await RegionStatsCountTheEntitiesEachNodeHosts();

        // cluster leave, no -a: that node leaves gracefully and exits 0
        var leave = await Run(_cluster[4], "cluster", "leave");
        Assert.True(leave.ExitCode == ExitCodes.Ok, leave.ToString());
        await _cluster[4].WaitForExit(TimeSpan.FromSeconds(30));
        Assert.Equal(NodeExit.Clean, _cluster[4].ExitCode);
        _cluster.Forget(4);
        await _cluster.AwaitOneClusterOf(2, 3);

        // cluster down -a, asked of node 2: node 3 is downed and exits with the downed exit code
        var down = await Run(_cluster[2], "cluster", "down", "-a", $"{LocalCluster.Ip(3)}:{_cluster.RemotingPort}");
        Assert.True(down.ExitCode == ExitCodes.Ok, down.ToString());
        await _cluster[3].WaitForExit(TimeSpan.FromSeconds(30));
        Assert.Equal(NodeExit.Downed, _cluster[3].ExitCode);
        _cluster.Forget(3);
        await _cluster.AwaitOneClusterOf(2);

        // cluster join -a: a node stuck on a seed that does not exist joins node 2's cluster
        var stuck = _cluster.StartStaticNode(4, join: $"{LocalCluster.Ip(5)}:{_cluster.RemotingPort}");
        await stuck.WaitUntilLive();
        Assert.Contains("running: starting", (await Run(stuck, "bux", "status")).Output);
        Assert.Contains("re-joining through the seed nodes [akka.tcp://blockster@127.0.0.5:", (await Run(stuck, "bux", "sync")).Output);
        var join = await Run(stuck, "cluster", "join", "-a", _cluster.AkkaAddress(2));
        Assert.True(join.ExitCode == ExitCodes.Ok, join.ToString());
        await _cluster.AwaitOneClusterOf(2, 4);
        var caughtUp = await Run(stuck, "bux", "sync");
        Assert.Contains("result: this copy already holds everything the caught-up members [akka.tcp://blockster@127.0.0.2:", caughtUp.Output);
        var copies = await Run(stuck, "bux", "table-info", "-t", "user_bux_points");
        Assert.Contains("copies: 2 of 2 members caught up", copies.Output);
        Assert.Equal(2, copies.Lines.Count(l => l.Contains("| caught-up |") && l.Contains("behind 0 events")));

        // bux sync with DNS discovery: a node DNS lists alone resolves and probes again, and waits for a second node
        await _cluster.ListInDns(5);
        var alone = _cluster.StartNode(5);
        await alone.WaitUntilLive();
        var sync = await Run(alone, "bux", "sync");
        Assert.True(sync.ExitCode == ExitCodes.Ok, sync.ToString());
        Assert.Contains($"found: DNS lists 1 node(s) for {LocalCluster.Service}: [{LocalCluster.Ip(5)}:{_cluster.RemotingPort}]", sync.Output);
        Assert.Contains("decided: waiting: ", sync.Output);
        await Eventually.True(() => Task.FromResult(alone.Count("sync requested (pbm bux sync)") == 1), TimeSpan.FromSeconds(10),
            () => $"the forced sync logged once:\n{alone.Output}");
    }

    private async Task ShowsThreeMembersUpWithOneLeader(NodeProcess node)
    {
        var show = await Run(node, "cluster", "show");

        var rows = show.Lines.Where(l => l.StartsWith("akka.tcp://")).Select(PbmResult.Columns).ToList();
        Assert.Equal(new[] { 2, 3, 4 }.Select(_cluster.AkkaAddress), rows.Select(r => r[0]));
        Assert.All(rows, r => Assert.Equal(["[bux]", "Up", "reachable"], r[1..4]));
        Assert.Single(rows, r => r.Length == 6 && r[5] == "leader");
    }

    private async Task RegionStatsCountTheEntitiesEachNodeHosts()
    {
        var stats = await Run(_cluster[2], "cluster-sharding", "region-stats", "-r", BuxShardRegions.UserTypeName);

        var rows = stats.Lines.Where(l => l.StartsWith("akka.tcp://")).Select(PbmResult.Columns).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Single(rows, r => r.Length == 4 && r[3] == "coordinator");
        foreach (var octet in new[] { 2, 3, 4 })
        {
            var hosted = await _cluster[octet].Http.GetFromJsonAsync<HostedShardsView>("/api/cluster/shards");
            var users = hosted!.Regions[BuxShardRegions.UserTypeName];
            var row = Assert.Single(rows, r => r[0] == _cluster.AkkaAddress(octet));
            Assert.Equal($"shards: {users.Count}", row[1]);
            Assert.Equal($"entities: {users.Sum(s => s.EntityIds.Count)}", row[2]);
        }
        Assert.Contains($"Total: ", stats.Output);
        Assert.Contains($", {Users} user-bux entities on 3 node(s)", stats.Output);
    }

    private static async Task<PbmResult> Run(NodeProcess node, params string[] args) => await Pbm.Run([node.PbmAddress, .. args]);
}
