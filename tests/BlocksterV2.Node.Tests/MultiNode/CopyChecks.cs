using System.Net;
using System.Text.Json;

namespace BlocksterV2.Node.Tests.MultiNode;

/// <summary>What every node's copy must hold after a load: each user's balance exactly as its credits were answered.</summary>
public static class CopyChecks
{
    /// <summary>
    /// On every listed node, every user's record in the local table (<c>consistency=local</c>) and through its entity
    /// equals <paramref name="seeded"/> plus the credits of 1 BUX <paramref name="load"/> saw acknowledged: nothing lost,
    /// nothing applied twice.
    /// </summary>
    public static async Task EveryCopyHoldsEveryAcknowledgedCredit(LocalCluster cluster, int[] octets, ClusterLoad load, long seeded)
    {
        var perUser = load.PerUser();
        var wrong = new List<string>();
        foreach (var octet in octets)
        {
            foreach (var user in load.UserIds)
            {
                var expected = seeded + perUser.GetValueOrDefault(user);
                var local = await Balance(cluster[octet], $"/api/users/{user}?consistency=local");
                if (local != expected)
                    wrong.Add($"node {octet} local copy: {user} has {local?.ToString() ?? "no row"}, the clients were told {expected}");
            }
        }
        foreach (var user in load.UserIds)
        {
            var expected = seeded + perUser.GetValueOrDefault(user);
            var entity = await Balance(cluster[octets[0]], $"/api/users/{user}");
            if (entity != expected)
                wrong.Add($"entity: {user} has {entity?.ToString() ?? "no record"}, the clients were told {expected}");
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} wrong balances of {load.Acked.Count} acknowledged credits:\n" +
                                      string.Join('\n', wrong.Take(20)) + "\n" + cluster.Logs);
    }

    public static async Task<long?> Balance(NodeProcess node, string path)
    {
        using var response = await node.Http.GetAsync(path);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("buxBalance").GetInt64();
    }
}
