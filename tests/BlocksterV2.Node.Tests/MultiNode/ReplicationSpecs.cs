using System.Diagnostics;
using System.Net;
using BlocksterV2.Cluster.Hosting;

namespace BlocksterV2.Node.Tests.MultiNode;

/// <summary>Every node holds every BUX event: writes through any node are in every copy, across restarts and moves.</summary>
[Collection(MultiNodeCollection.Name)]
public sealed class ReplicationSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Users = 60;
    private const long Seeded = 10;
    private static readonly int[] All = [2, 3, 4];
    private LocalCluster _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        _cluster = await LocalCluster.Start();
        try
        {
            await _cluster.StartOneClusterOf(All);
            // seeded through every node in turn: each node writes some users first
            for (var i = 0; i < Users; i++)
                Assert.Equal(HttpStatusCode.OK, await _cluster.CreditAsTheApiSays(All[i % 3], $"rep-{i}", Seeded, $"seed-{i}"));
        }
        catch
        {
            await _cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Credits_through_every_node_are_in_every_nodes_local_copy_with_the_balance_they_were_answered_with()
    {
        var load = new ClusterLoad(_cluster, "rep", Users).Start(clients: 4);
        await load.AwaitMoreAcked(300, TimeSpan.FromSeconds(60));
        await load.StopAsync();

        await CopyChecks.EveryCopyHoldsEveryAcknowledgedCredit(_cluster, All, load, Seeded);
        await _cluster.AwaitEqualCopies(All);
        foreach (var octet in All)
            Assert.Equal(Users, (await LocalCluster.Table(_cluster[octet], "user_bux_points")).Size);
    }

    [Fact]
    public async Task A_rolling_restart_under_load_loses_no_acknowledged_credit_and_idempotency_keys_still_replay()
    {
        var load = new ClusterLoad(_cluster, "rep", Users).Start(clients: 8);
        await load.AwaitMoreAcked(100, TimeSpan.FromSeconds(60));
        foreach (var octet in All)
        {
            var clock = Stopwatch.StartNew();
            _cluster[octet].Terminate();
            await _cluster[octet].WaitForExit(TimeSpan.FromSeconds(60));
            Assert.Equal(NodeExit.Clean, _cluster[octet].ExitCode);
            var stopped = clock.Elapsed;
            await _cluster.Restart(octet).WaitUntilReady(TimeSpan.FromSeconds(90));
            output.WriteLine($"node {octet}: stopped in {stopped.TotalSeconds:0.0}s, back and ready {clock.Elapsed.TotalSeconds:0.0}s after SIGTERM " +
                             $"({load.Acked.Count} credits acknowledged so far)");
            await load.AwaitMoreAcked(100, TimeSpan.FromSeconds(60));
        }
        await load.StopAsync();

        await CopyChecks.EveryCopyHoldsEveryAcknowledgedCredit(_cluster, All, load, Seeded);
        // the same requests again, through any node: answered from the first result, nothing applied twice
        var replayed = load.Acked.Take(30).ToList();
        for (var i = 0; i < replayed.Count; i++)
            Assert.Equal(HttpStatusCode.OK, await _cluster[All[i % 3]].Http.Credit(replayed[i].Value, 1, key: replayed[i].Key).Status());
        await CopyChecks.EveryCopyHoldsEveryAcknowledgedCredit(_cluster, All, load, Seeded);
        await _cluster.AwaitEqualCopies(All);
        output.WriteLine($"{load.Acked.Count} credits acknowledged; {load.Failures.Count} attempts got no definite answer and were sent again");
    }
}
