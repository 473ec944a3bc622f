using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using BlocksterV2.Cluster.Hosting;
using BlocksterV2.Cluster.Sharding;
using BlocksterV2.Web.Api;

namespace BlocksterV2.Node.Tests.MultiNode;

/// <summary>
/// A node that hosts entities dies (SIGKILL), is stopped for a while, or freezes (SIGSTOP) under load: no acknowledged
/// credit is lost, its entities answer from the other nodes, and when it comes back it catches up before it is ready.
/// Prints how long writes to its entities failed, and how long a catch-up took.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed partial class NodeFailureSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Users = 60;
    private const long Seeded = 10;
    private static readonly int[] All = [2, 3, 4];
    private LocalCluster _cluster = null!;

    public async ValueTask InitializeAsync() => _cluster = await LocalCluster.StartSeeded(Users, All);

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_node_killed_under_load_loses_no_acknowledged_credit_and_is_not_ready_until_it_caught_up()
    {
        var load = new ClusterLoad(_cluster, "user", Users).Start(clients: 8);
        await load.AwaitMoreAcked(200, TimeSpan.FromSeconds(60));
        var hosted = await UsersHostedBy(_cluster[4]);
        Assert.NotEmpty(hosted);

        var killedAtUtc = DateTime.UtcNow;
        await _cluster[4].Kill();
        var killedAt = load.Elapsed;
        await _cluster.AwaitOneClusterOf(2, 3);
        await load.AwaitMoreAcked(200, TimeSpan.FromSeconds(60));
        var outage = Outage(load, hosted, killedAt);
        output.WriteLine($"node 4 killed: writes to its {hosted.Count} users failed for at most {outage.Max.TotalSeconds:0.0}s " +
                         $"(median {outage.Median.TotalSeconds:0.0}s); Bux:DownUnreachableAfter is {LocalCluster.DownUnreachableAfter.TotalSeconds:0}s");
        foreach (var (at, step) in RemovalTimeline(_cluster[2], killedAtUtc))
            output.WriteLine($"  node 2, +{at.TotalSeconds:0.0}s: {step}");
        // the later survivor's removal: until then a credit sent through it may go to the dead node and wait out its ask
        var removals = new[] { 2, 3 }.Select(n => RemovalTimeline(_cluster[n], killedAtUtc).Where(s => s.Step == "Member removed").Select(s => s.At).ToList()).ToList();
        Assert.All(removals, r => Assert.Single(r));
        var removedAt = removals.Max(r => r[0]);

        var restarted = _cluster.Restart(4);
        await restarted.WaitUntilReady(TimeSpan.FromSeconds(90));
        await CaughtUpBeforeReady(restarted);
        await load.AwaitMoreAcked(200, TimeSpan.FromSeconds(60));
        await load.StopAsync();

        await CopyChecks.EveryCopyHoldsEveryAcknowledgedCredit(_cluster, All, load, Seeded);
        await _cluster.AwaitEqualCopies(All);
        // What the node's own code decides: once the survivors removed the node, its entities answer again within one
        // ask timeout (a credit sent to the dead node just before the removal hears 503 only then) and the time shards
        // take to start elsewhere. The removal itself is Akka's failure detector plus Bux:DownUnreachableAfter.
        Assert.True(removedAt <= LocalCluster.DownUnreachableAfter + TimeSpan.FromSeconds(10),
            $"the survivors removed the killed node {removedAt.TotalSeconds:0.0}s after the kill");
        Assert.True(outage.Max <= removedAt + LocalCluster.AskTimeout + TimeSpan.FromSeconds(3),
            $"writes to the killed node's entities failed for {outage.Max.TotalSeconds:0.0}s, {(outage.Max - removedAt).TotalSeconds:0.0}s after the survivors removed it");
    }

    [Fact]
    public async Task A_node_killed_and_restarted_at_once_replaces_its_old_incarnation_and_its_entities_answer_sooner()
    {
        var load = new ClusterLoad(_cluster, "user", Users).Start(clients: 8);
        await load.AwaitMoreAcked(200, TimeSpan.FromSeconds(60));
        var hosted = await UsersHostedBy(_cluster[4]);

        await _cluster[4].Kill();
        var killedAt = load.Elapsed;
        var restarted = _cluster.Restart(4);
        await restarted.WaitUntilReady(TimeSpan.FromSeconds(90));
        await CaughtUpBeforeReady(restarted);
        await load.AwaitMoreAcked(300, TimeSpan.FromSeconds(60));
        var outage = Outage(load, hosted, killedAt);
        output.WriteLine($"node 4 killed and restarted at once: writes to its {hosted.Count} users failed for at most {outage.Max.TotalSeconds:0.0}s " +
                         $"(median {outage.Median.TotalSeconds:0.0}s)");
        await load.StopAsync();

        await CopyChecks.EveryCopyHoldsEveryAcknowledgedCredit(_cluster, All, load, Seeded);
        await _cluster.AwaitEqualCopies(All);
        Assert.Contains("is already a member of a cluster", restarted.Output);
    }

    [Fact]
    public async Task A_node_stopped_while_writes_go_on_catches_up_incrementally_on_restart()
    {
        _cluster[4].Terminate();
        await _cluster[4].WaitForExit(TimeSpan.FromSeconds(60));
        Assert.Equal(NodeExit.Clean, _cluster[4].ExitCode);
        var load = new ClusterLoad(_cluster, "user", Users).Start(clients: 8);
        await load.AwaitMoreAcked(2000, TimeSpan.FromSeconds(90));
        await load.StopAsync();

        var clock = Stopwatch.StartNew();
        var restarted = _cluster.Restart(4);
        await restarted.WaitUntilReady(TimeSpan.FromSeconds(90));
        var ready = clock.Elapsed;
        var caughtUp = await CaughtUpBeforeReady(restarted);
        output.WriteLine($"node 4 back after {load.Acked.Count} credits: ready {ready.TotalSeconds:0.0}s after its process started; {caughtUp}");

        Assert.Matches(@"[1-9]\d* events pulled", caughtUp);
        await CopyChecks.EveryCopyHoldsEveryAcknowledgedCredit(_cluster, All, load, Seeded);
        await _cluster.AwaitEqualCopies(All);
    }

    [Fact]
    public async Task A_node_frozen_past_the_downing_timeout_is_downed_restarts_and_catches_up_with_nothing_acknowledged_lost()
    {
        var load = new ClusterLoad(_cluster, "user", Users).Start(clients: 8);
        await load.AwaitMoreAcked(200, TimeSpan.FromSeconds(60));

        _cluster[4].Freeze();
        await _cluster.AwaitOneClusterOf(2, 3);
        await load.AwaitMoreAcked(200, TimeSpan.FromSeconds(60));
        _cluster[4].Resume();
        await _cluster[4].WaitForExit(TimeSpan.FromSeconds(60));
        Assert.Equal(NodeExit.Downed, _cluster[4].ExitCode);

        var restarted = _cluster.Restart(4);
        await restarted.WaitUntilReady(TimeSpan.FromSeconds(90));
        await CaughtUpBeforeReady(restarted);
        await load.AwaitMoreAcked(200, TimeSpan.FromSeconds(60));
        await load.StopAsync();

        await CopyChecks.EveryCopyHoldsEveryAcknowledgedCredit(_cluster, All, load, Seeded);
        await _cluster.AwaitEqualCopies(All);
    }

    /// <summary>
    /// The node logged its catch-up's result before it logged being ready; returns that line. Akka logs
    /// asynchronously, so the ready line may follow the 200 of /health/ready by a moment: it is awaited first.
    /// </summary>
    private static async Task<string> CaughtUpBeforeReady(NodeProcess node)
    {
        await Eventually.True(() => Task.FromResult(node.Count("is ready (") >= 1), TimeSpan.FromSeconds(10), () => $"the ready log line:\n{node.Output}");
        var lines = node.Output.Split('\n');
        var caughtUp = Array.FindIndex(lines, l => l.Contains("Catch-up: caught up"));
        var ready = Array.FindIndex(lines, l => l.Contains("is ready ("));
        Assert.True(caughtUp >= 0 && ready > caughtUp, $"the node logged its catch-up before being ready:\n{node.Output}");
        return lines[caughtUp][lines[caughtUp].IndexOf("Catch-up:", StringComparison.Ordinal)..];
    }

    /// <summary>
    /// Where the outage goes, as a survivor logged it: seconds from the kill to the failure detector's verdict, the
    /// split-brain resolver's decision, the removal, and the first shards started again.
    /// </summary>
    private static IEnumerable<(TimeSpan At, string Step)> RemovalTimeline(NodeProcess survivor, DateTime killedAtUtc)
    {
        string[] steps = ["Marking node(s) as UNREACHABLE", "SBR took decision", "Leader is removing unreachable node", "Member removed"];
        var seen = new HashSet<string>();
        foreach (var line in survivor.Output.Split('\n'))
        {
            var step = steps.FirstOrDefault(line.Contains);
            // Akka's own format: [INFO][12/02/2026 14:11:28.299Z][Thread ...]
            var stamp = AkkaTimestamp().Match(line);
            if (step is null || !stamp.Success || !DateTime.TryParseExact(stamp.Groups[1].Value, "MM/dd/yyyy HH:mm:ss.fff", CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at) || at < killedAtUtc || !seen.Add(step))
                continue;
            yield return (at - killedAtUtc, step);
        }
    }

    [GeneratedRegex(@"\]\[(\d\d/\d\d/\d{4} \d\d:\d\d:\d\d\.\d{3})Z\]")]
    private static partial Regex AkkaTimestamp();

    /// <summary>For each user, from the kill until a credit to it was answered again.</summary>
    private static (TimeSpan Max, TimeSpan Median) Outage(ClusterLoad load, IReadOnlyList<string> users, TimeSpan killedAt)
    {
        var outages = users.Select(u => (load.FirstAnsweredAfter(u, killedAt) ?? load.Elapsed) - killedAt).Order().ToList();
        return (outages[^1], outages[outages.Count / 2]);
    }

    private static async Task<IReadOnlyList<string>> UsersHostedBy(NodeProcess node)
    {
        var view = await node.Http.GetFromJsonAsync<HostedShardsView>("/api/cluster/shards");
        return view!.Regions[BuxShardRegions.UserTypeName].SelectMany(s => s.EntityIds).ToList();
    }
}
