using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using BlocksterV2.Domain.Users;
using BlocksterV2.Web.Api;

namespace BlocksterV2.Benchmarks;

/// <summary>
/// How long after a credit's reply the credited user shows, with its new balance, in the top N of every node's
/// leaderboard. Each sample credits a different user (balance 1000 from the preload) enough to become the new
/// first place, through the first node's API, then polls every node's <c>GET /api/leaderboard?top=N</c> until it
/// shows the user with the balance the credit answered.
/// </summary>
public static class LeaderboardVisibility
{
    public const int Top = 10;
    private static readonly TimeSpan SampleDeadline = TimeSpan.FromSeconds(10);

    public sealed record NodeFigures(string Node, double P50Us, double P99Us, double MaxUs);

    public sealed record Result(
        string Phase, int Nodes, int Samples, int Top, int PollMs, double P50Us, double P99Us, double MaxUs, int Errors,
        double CreditP50Us, IReadOnlyList<NodeFigures> PerNode);

    public static async Task<Result> Measure(BenchCluster cluster, int samples, int pollMs, int users, Func<int, string> userId)
    {
        var writer = cluster.Nodes[0].Http;
        var perNode = cluster.Nodes.Select(_ => new List<long>(samples)).ToArray();
        var everyNode = new List<long>(samples);
        var credits = new List<long>(samples);
        var errors = 0;
        var gaps = new Random(samples);
        var stride = Math.Max(1, users / samples);
        for (var s = 0; s < samples; s++)
        {
            // distinct users spread over the preloaded ones; each one's new balance beats every earlier sample's
            var user = userId(s * stride % users);
            var sent = Stopwatch.GetTimestamp();
            UserBuxPoints? credited;
            try
            {
                using var response = await writer.PostAsJsonAsync($"/api/users/{user}/credit", new { amount = 1000L * (s + 1), reason = "bench-visibility" });
                credited = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<UserBuxPoints>(JsonSerializerOptions.Web) : null;
            }
            catch (HttpRequestException)
            {
                credited = null;
            }
            var replied = Stopwatch.GetTimestamp();
            if (credited is null)
            {
                errors++;
                continue;
            }
            credits.Add(replied - sent);
            var seen = await Task.WhenAll(cluster.Nodes.Select(node => AwaitShown(node.Http, user, credited.BuxBalance, replied, pollMs)));
            if (seen.Any(t => t is null))
            {
                errors++;
                Console.Error.WriteLine($"bench: sample {s}: {user} at {credited.BuxBalance} not shown within {SampleDeadline.TotalSeconds:0} s by " +
                                        string.Join(", ", cluster.Nodes.Where((_, i) => seen[i] is null).Select(n => n.Name)));
                continue;
            }
            for (var i = 0; i < seen.Length; i++)
                perNode[i].Add(seen[i]!.Value);
            everyNode.Add(seen.Max(t => t!.Value));
            // the next credit lands at a random point of the writers' flush interval
            await Task.Delay(gaps.Next(0, 100));
        }

        return new Result("leaderboard_visibility", cluster.Nodes.Count, everyNode.Count, Top, pollMs,
            Micros(everyNode, 0.50), Micros(everyNode, 0.99), Micros(everyNode, 1.0), errors, Micros(credits, 0.50),
            cluster.Nodes.Select((node, i) => new NodeFigures($"{node.Name} {node.Address}", Micros(perNode[i], 0.50), Micros(perNode[i], 0.99),
                Micros(perNode[i], 1.0))).ToList());
    }

    /// <returns>Stopwatch ticks from <paramref name="since"/> until the node's top <see cref="Top"/> showed the user at the balance; null past the deadline.</returns>
    private static async Task<long?> AwaitShown(HttpClient node, string user, long balance, long since, int pollMs)
    {
        while (Stopwatch.GetElapsedTime(since) < SampleDeadline)
        {
            try
            {
                var page = await node.GetFromJsonAsync<LeaderboardPage>($"/api/leaderboard?top={Top}", JsonSerializerOptions.Web);
                if (page is not null && page.Entries.Any(e => e.UserId == user && e.Balance == balance))
                    return Stopwatch.GetTimestamp() - since;
            }
            catch (HttpRequestException)
            {
                // a node that does not answer is not showing it yet
            }
            await Task.Delay(pollMs);
        }
        return null;
    }

    private static double Micros(List<long> ticks, double quantile)
    {
        if (ticks.Count == 0)
            return 0;
        var sorted = ticks.Order().ToArray();
        return Math.Round(sorted[(int)Math.Min(sorted.Length - 1, quantile * sorted.Length)] * 1_000_000.0 / Stopwatch.Frequency);
    }
}
