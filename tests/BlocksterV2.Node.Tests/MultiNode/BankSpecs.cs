using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace BlocksterV2.Node.Tests.MultiNode;

/// <summary>
/// The bank test: deposits, read rewards, credits and debits through random nodes while a nemesis kills, stops and
/// freezes nodes (one at a time) for about a minute; then, with the cluster quiet, every acknowledged operation is
/// applied exactly once, the books balance, no balance is negative, and every node's copy is the same.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class BankSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Users = 40;
    private const int Posts = 8;
    private const long Reward = 5;
    private static readonly int[] All = [2, 3, 4];
    private static readonly TimeSpan NemesisFor = TimeSpan.FromSeconds(60);
    private LocalCluster _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        _cluster = await LocalCluster.Start();
        try
        {
            await _cluster.StartOneClusterOf(All);
        }
        catch
        {
            await _cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Under_kills_stops_and_freezes_every_acknowledged_operation_is_applied_once_and_the_books_balance()
    {
        var bank = new BankLoad(_cluster, Users, Posts, Reward);
        await bank.Seed();
        bank.Start(clients: 6);

        var random = new Random(7);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < NemesisFor)
        {
            var victim = All[random.Next(All.Length)];
            var action = random.Next(3);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0}s: {(action switch { 0 => "kill -9", 1 => "SIGTERM", _ => "SIGSTOP" })} node {victim}");
            switch (action)
            {
                case 0:
                    await _cluster[victim].Kill();
                    await Task.Delay(random.Next(3000), TestContext.Current.CancellationToken);
                    break;
                case 1:
                    _cluster[victim].Terminate();
                    await _cluster[victim].WaitForExit(TimeSpan.FromSeconds(60));
                    break;
                default:
                    _cluster[victim].Freeze();
                    await _cluster.AwaitOneClusterOf(All.Where(o => o != victim).ToArray());
                    _cluster[victim].Resume();
                    await _cluster[victim].WaitForExit(TimeSpan.FromSeconds(60));
                    break;
            }
            _cluster.Restart(victim);
            await _cluster.AwaitOneClusterOf(All);
        }
        await bank.StopAsync();
        output.WriteLine(bank.Summary);

        // a reward cut between its two steps by the nemesis completes within the retry interval: then the books balance
        var books = await Books();
        await Eventually.True(async () => (books = await Books()).Total == bank.ExpectedTotal, TimeSpan.FromSeconds(60),
            () => $"users' balances plus posts' pools ({books.Total}) to equal acknowledged deposits + credits - debits ({bank.ExpectedTotal})");
        foreach (var octet in All)
        {
            foreach (var user in bank.UserIds)
                Assert.Equal(bank.ExpectedUsers.GetValueOrDefault(user), await Balance(octet, $"/api/users/{user}?consistency=local"));
            foreach (var post in bank.PostIds)
                Assert.Equal(bank.ExpectedPosts.GetValueOrDefault(post), await Balance(octet, $"/api/posts/{post}?consistency=local"));
        }
        foreach (var user in bank.UserIds)
            Assert.Equal(bank.ExpectedUsers.GetValueOrDefault(user), await Balance(2, $"/api/users/{user}"));
        Assert.DoesNotContain(books.Balances, b => b < 0);
        await _cluster.AwaitEqualCopies(All);
    }

    private sealed record Ledger(long Total, IReadOnlyList<long> Balances);

    /// <summary>Users' balances plus posts' pools, read through their entities.</summary>
    private async Task<Ledger> Books()
    {
        var balances = new List<long>();
        foreach (var user in Enumerable.Range(0, Users).Select(BankLoad.User))
            balances.Add(await Balance(2, $"/api/users/{user}"));
        foreach (var post in Enumerable.Range(0, Posts).Select(BankLoad.Post))
            balances.Add(await Balance(2, $"/api/posts/{post}"));
        return new Ledger(balances.Sum(), balances);
    }

    private async Task<long> Balance(int octet, string path)
    {
        using var response = await _cluster[octet].Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("buxBalance").GetInt64();
    }
}
