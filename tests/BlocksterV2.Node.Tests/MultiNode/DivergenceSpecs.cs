using System.Net;
using BlocksterV2.Node.Tests.Pbm;

namespace BlocksterV2.Node.Tests.MultiNode;

/// <summary>
/// A node commits a credit and dies before any other node has it (a fault-injection switch for specs): the cluster
/// never acknowledged it, so when the node comes back the event is quarantined in its conflicts table, listed by
/// <c>pbm bux conflicts</c>, and never replayed; every balance is what the clients were told.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class DivergenceSpecs : IAsyncLifetime
{
    private const string DoomedKey = "dies-before-replicating";
    private static readonly int[] All = [2, 3, 4];
    private static readonly Dictionary<string, string> Fault = new() { ["Bux__Faults__KillBeforeReplicatingKey"] = DoomedKey };
    private LocalCluster _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        _cluster = await LocalCluster.Start();
        try
        {
            // every node carries the switch: whichever hosts the victim commits the doomed credit and dies
            await _cluster.StartOneClusterOf(Fault, All);
            Assert.Equal(HttpStatusCode.OK, await _cluster.CreditAsTheApiSays(2, "victim", 10, "seed"));
        }
        catch
        {
            await _cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_credit_committed_by_a_node_that_died_before_replicating_it_is_quarantined_when_the_cluster_wrote_over_it()
    {
        var host = await _cluster.HostOfUser("victim");
        var other = All.First(o => o != host);

        await DoomedCredit(through: other, host);
        await _cluster.AwaitOneClusterOf(All.Where(o => o != host).ToArray());
        // the cluster moves on: the same position of the victim's history now holds another credit
        Assert.Equal(HttpStatusCode.OK, await _cluster[other].Http.Credit("victim", 7, key: "after-the-crash").Status());
        await _cluster.Restart(host).WaitUntilReady(TimeSpan.FromSeconds(90));

        var conflicts = await Pbm.Pbm.Run(_cluster[host].PbmAddress, "bux", "conflicts");
        Assert.Equal(0, conflicts.ExitCode);
        var row = Assert.Single(conflicts.Lines);
        Assert.Contains("user_bux_points|victim #2", row);
        Assert.Contains("the cluster kept that one", row);
        await EveryNodeSays(victimBalance: 17);
        await _cluster.AwaitEqualCopies(All);
        var copies = (await LocalCluster.Table(_cluster[host], "user_bux_points")).Copies!;
        Assert.Equal(1, copies.Single(c => c.Node == _cluster.AkkaAddress(host)).Conflicts);
    }

    [Fact]
    public async Task A_credit_committed_by_a_node_that_died_before_replicating_it_never_comes_back_even_when_nothing_wrote_over_it()
    {
        var host = await _cluster.HostOfUser("victim");
        var other = All.First(o => o != host);

        await DoomedCredit(through: other, host);
        await _cluster.AwaitOneClusterOf(All.Where(o => o != host).ToArray());
        await _cluster.Restart(host).WaitUntilReady(TimeSpan.FromSeconds(90));

        var conflicts = await Pbm.Pbm.Run(_cluster[host].PbmAddress, "bux", "conflicts");
        var row = Assert.Single(conflicts.Lines);
        Assert.Contains("user_bux_points|victim #2", row);
        Assert.Contains("never replicated", row);
        await EveryNodeSays(victimBalance: 10);
        await _cluster.AwaitEqualCopies(All);
        Assert.Contains("never acknowledged it: moved to the conflicts table", _cluster[host].Output);
    }

    /// <summary>The credit whose key trips the switch: its host commits it and dies, so the client never hears 200.</summary>
    private async Task DoomedCredit(int through, int host)
    {
        Assert.NotEqual(HttpStatusCode.OK, await _cluster[through].Http.Credit("victim", 5, key: DoomedKey).Status());
        await _cluster[host].WaitForExit(TimeSpan.FromSeconds(30));
        Assert.Contains("FAULT INJECTION: killing the process after committing an event locally", _cluster[host].Output);
    }

    private async Task EveryNodeSays(long victimBalance)
    {
        foreach (var octet in All)
        {
            Assert.Equal(victimBalance, await CopyChecks.Balance(_cluster[octet], "/api/users/victim?consistency=local"));
            Assert.Equal(victimBalance, await CopyChecks.Balance(_cluster[octet], "/api/users/victim"));
        }
    }
}
