using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlocksterV2.Web.Api;

namespace BlocksterV2.Node.Tests;

/// <summary>
/// A real node's local table holds exactly what its entities hold: after a load run, after kill -9 (checkpoint plus
/// the journal written after it) and after a clean stop (the checkpoint written at shutdown).
/// </summary>
public sealed class LocalTableSpecs : IDisposable
{
    private const int Users = 120;
    private readonly TempDirectory _work = new();

    private static readonly Dictionary<string, string> FrequentCheckpoints = new()
    {
        ["Bux__LocalTables__CheckpointInterval"] = "00:00:01",
    };

    [Fact]
    public async Task The_local_table_equals_every_entity_after_a_load_run_after_kill_9_and_after_a_clean_restart()
    {
        await using (var node = await NodeProcess.StartReady(_work.Path, "tables1", FrequentCheckpoints))
        {
            await Load(node, round: 0);
            await Eventually.True(async () => await CheckpointPosition(node) > 0, TimeSpan.FromSeconds(15), "a local tables checkpoint");
            await Load(node, round: 1); // after the checkpoint: the journal tail
            await AssertLocalEqualsEntities(node);
            await node.Kill();
        }

        await using (var afterKill = await NodeProcess.StartReady(_work.Path, "tables1", FrequentCheckpoints))
        {
            // Akka logs through its logger actor: the line may reach stdout after the node answered ready
            await LoggedTablesLoaded(afterKill);
            Assert.Equal(1, afterKill.Count("Local tables loaded"));
            Assert.Matches(@"the checkpoint at journal position \d+, then the [1-9]\d* events stored after it", afterKill.Output);
            await AssertLocalEqualsEntities(afterKill);
            await Load(afterKill, round: 2);
            afterKill.Terminate();
            await afterKill.WaitForExit(TimeSpan.FromSeconds(60));
        }

        await using var afterStop = await NodeProcess.StartReady(_work.Path, "tables1", FrequentCheckpoints);
        await LoggedTablesLoaded(afterStop);
        Assert.Contains("then the 0 events stored after it", afterStop.Output); // the clean stop wrote the last checkpoint
        await AssertLocalEqualsEntities(afterStop);
        await AssertLeaderboardRebuiltFromTheTable(afterStop); // the replicated board lives in RAM: a restart refills it
    }

    private static async Task AssertLeaderboardRebuiltFromTheTable(NodeProcess node)
    {
        var balances = new List<(string User, long Balance)>();
        for (var i = 0; i < Users; i++)
            balances.Add(($"table-user-{i}", await node.Http.UserBalance($"table-user-{i}") ?? 0));
        var richest = balances.Max(b => b.Balance);
        IReadOnlyList<RankedUser> top = [];
        await Eventually.True(async () =>
        {
            top = (await node.Http.GetFromJsonAsync<LeaderboardPage>("/api/leaderboard?top=5"))!.Entries;
            return top.Count == 5;
        }, TimeSpan.FromSeconds(10), () => $"5 leaderboard entries after the restart (saw {top.Count})");
        Assert.Equal(richest, top[0].Balance);
        Assert.All(top, entry => Assert.Contains((entry.UserId, entry.Balance), balances));
    }

    /// <summary>Credits, debits and wallets over every user, 16 at a time.</summary>
    private static async Task Load(NodeProcess node, int round)
    {
        var random = new Random(round);
        var requests = Enumerable.Range(0, Users * 4).Select(n =>
        {
            var user = $"table-user-{n % Users}";
            return (n / Users) switch
            {
                0 => ($"/api/users/{user}/credit", (object)new { amount = random.Next(100, 1000), reason = "load" }),
                1 => ($"/api/users/{user}/debit", new { amount = random.Next(1, 100), reason = "load" }),
                2 => ($"/api/users/{user}/wallet", new { wallet = Nethereum.Util.AddressUtil.Current.ConvertToChecksumAddress($"0x{random.NextInt64():x16}abcdef{n:x18}"[..42]) }),
                _ => ($"/api/users/{user}/credit", new { amount = 1, reason = "load" }),
            };
        });
        foreach (var chunk in requests.Chunk(16))
        {
            await Task.WhenAll(chunk.Select(async request =>
            {
                using var response = request.Item1.EndsWith("/wallet", StringComparison.Ordinal)
                    ? await node.Http.PutAsJsonAsync(request.Item1, request.Item2)
                    : await node.Http.PostAsJsonAsync(request.Item1, request.Item2);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{request.Item1}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }));
        }
    }

    private static async Task AssertLocalEqualsEntities(NodeProcess node)
    {
        for (var i = 0; i < Users; i++)
        {
            var entity = await node.Http.GetStringAsync($"/api/users/table-user-{i}");
            var local = await node.Http.GetStringAsync($"/api/users/table-user-{i}?consistency=local");
            Assert.Equal(entity, local);
        }
        using var info = JsonDocument.Parse(await node.Http.GetStringAsync("/api/tables/user_bux_points"));
        Assert.Equal(Users, info.RootElement.GetProperty("size").GetInt64());
        Assert.Equal(0, info.RootElement.GetProperty("copy").GetProperty("feedFaults").GetInt64());
    }

    private static async Task<long> CheckpointPosition(NodeProcess node)
    {
        using var info = JsonDocument.Parse(await node.Http.GetStringAsync("/api/tables/user_bux_points"));
        return info.RootElement.GetProperty("copy").GetProperty("checkpointPosition") is { ValueKind: JsonValueKind.Number } position
            ? position.GetInt64()
            : 0;
    }

    public void Dispose() => _work.Dispose();

    private static Task LoggedTablesLoaded(NodeProcess node) =>
        Eventually.True(() => Task.FromResult(node.Count("Local tables loaded") >= 1), TimeSpan.FromSeconds(10),
            () => $"the node logged how it loaded its tables:\n{node.Output}");
}
