using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BlocksterV2.Benchmarks;

/// <summary>
/// Inproc mode with <c>--nodes</c>: after the timed phases, every node's copy (rows, bytes per row, digest), then a
/// catch-up: a fresh node (empty data directory) joins and pulls the whole journal before it is ready.
/// </summary>
public static partial class ReplicaPhases
{
    public static async Task<IReadOnlyList<object>> CopiesAndCatchUp(BenchCluster cluster, int nodes, int users)
    {
        var lines = new List<object>();
        var copies = await Copies(cluster.Nodes[0]);
        lines.Add(new { Phase = "copies", Nodes = copies.Count, Users = users, Copies = copies });

        var clock = Stopwatch.StartNew();
        var fresh = cluster.Add(nodes, new Dictionary<string, string> { ["Logging__LogLevel__Akka"] = "Information" });
        await cluster.AwaitOneCluster(members: nodes + 1, TimeSpan.FromMinutes(10));
        var ready = clock.Elapsed;
        var caughtUp = CaughtUp().Match(fresh.Tail);
        var table = await Table(fresh, "user_bux_points");
        var rows = table.GetProperty("size").GetInt64();
        lines.Add(new
        {
            Phase = "catch_up",
            ReadyAfterS = Math.Round(ready.TotalSeconds, 2),
            EventsPulled = caughtUp.Success ? long.Parse(caughtUp.Groups["events"].Value) : -1,
            CatchUpS = caughtUp.Success ? double.Parse(caughtUp.Groups["seconds"].Value) : -1,
            EventsPerS = caughtUp.Success ? long.Parse(caughtUp.Groups["rate"].Value) : -1,
            Rows = rows,
            // a node that hosts none of the entities yet: its copy is its local table
            CopyBytesPerUser = rows == 0 ? 0 : table.GetProperty("memoryBytes").GetInt64() / rows,
            Log = caughtUp.Success ? caughtUp.Value : "no catch-up line in the node's log",
        });
        return lines;
    }

    private static async Task<List<object>> Copies(BenchNode node)
    {
        var table = await Table(node, "user_bux_points");
        return table.GetProperty("copies").EnumerateArray().Select(c => (object)new
        {
            Node = c.GetProperty("node").GetString(),
            State = c.GetProperty("state").GetString(),
            Rows = c.GetProperty("rows").GetInt64(),
            Behind = c.GetProperty("behind").GetInt64(),
            Digest = c.GetProperty("digest").GetString(),
        }).ToList();
    }

    private static async Task<JsonElement> Table(BenchNode node, string name)
    {
        using var response = await node.Http.GetAsync($"/api/tables/{name}");
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"{node.Name}: GET /api/tables/{name} answered {response.StatusCode}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [GeneratedRegex(@"Catch-up: caught up in (?<seconds>[0-9.]+) s from \[[^\]]*\]: (?<events>\d+) events pulled \((?<rate>\d+) events/s\)")]
    private static partial Regex CaughtUp();
}
