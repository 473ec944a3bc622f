using System.Collections.Concurrent;
using System.Net.Http.Json;
using BlocksterV2.Domain.Users;
using BlocksterV2.Web.Api;

namespace BlocksterV2.Node.Tests.MultiNode;

/// <summary>Two nodes credit different users at the same time; both end up showing the same, true leaderboard.</summary>
[Collection(MultiNodeCollection.Name)]
public sealed class LeaderboardConvergenceSpecs
{
    private const int UsersPerNode = 40;
    private const int Rounds = 5;

    [Fact]
    public async Task Two_nodes_crediting_different_users_at_once_converge_to_the_same_leaderboard()
    {
        await using var cluster = await LocalCluster.Start();
        cluster.StartStaticNode(2, join: null);
        cluster.StartStaticNode(3, join: $"{LocalCluster.Ip(2)}:{cluster.RemotingPort}");
        await cluster.AwaitOneClusterOf(2, 3);

        var latest = new ConcurrentDictionary<string, UserBuxPoints>();
        await Task.WhenAll(Credit(cluster[2], "left", latest), Credit(cluster[3], "right", latest));

        var expected = latest.Values
            .OrderByDescending(u => u.BuxBalance).ThenBy(u => u.UpdatedAt).ThenBy(u => u.UserId, StringComparer.Ordinal)
            .Select((u, i) => new RankedUser(i + 1, u.UserId, u.BuxBalance, u.UpdatedAt))
            .ToList();
        Assert.Equal(2 * UsersPerNode, expected.Count);
        foreach (var octet in new[] { 2, 3 })
        {
            IReadOnlyList<RankedUser> seen = [];
            await Eventually.True(async () =>
            {
                var page = await cluster[octet].Http.GetFromJsonAsync<LeaderboardPage>($"/api/leaderboard?top={expected.Count}");
                seen = page!.Entries;
                return seen.SequenceEqual(expected);
            }, TimeSpan.FromSeconds(10), () =>
                $"node 127.0.0.{octet} to show the true leaderboard; first difference: " +
                string.Join(" / ", expected.Zip(seen).Where(p => p.Item1 != p.Item2).Take(1).Select(p => $"expected {p.Item1}, saw {p.Item2}")) +
                $" ({seen.Count} of {expected.Count} entries)\n{cluster.Logs}");
        }
    }

    /// <summary>Rounds of concurrent credits through one node; the replies give each user's latest record.</summary>
    private static async Task Credit(NodeProcess node, string prefix, ConcurrentDictionary<string, UserBuxPoints> latest)
    {
        var random = new Random(prefix.GetHashCode());
        for (var round = 0; round < Rounds; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, UsersPerNode).Select(async i =>
            {
                using var response = await node.Http.PostAsJsonAsync($"/api/users/{prefix}-{i}/credit",
                    new { amount = random.Next(1, 1_000), reason = "convergence" });
                response.EnsureSuccessStatusCode();
                var record = (await response.Content.ReadFromJsonAsync<UserBuxPoints>())!;
                latest.AddOrUpdate(record.UserId, record, (_, known) => record.Version > known.Version ? record : known);
            }));
        }
    }
}
