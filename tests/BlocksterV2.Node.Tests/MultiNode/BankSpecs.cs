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

        // The cluster settles: a reward cut between its two steps by the nemesis completes within the retry interval, and
        // shards that move to the node started last answer from there. Then the books balance.
        Ledger? books = null;
        var last = "no reading yet";
        await Eventually.True(async () =>
        {
            books = await Books();
            last = books.Unanswered ?? $"users' balances plus posts' pools: {books.Total}";
            return books.Unanswered is null && books.Total == bank.ExpectedTotal;
        }, TimeSpan.FromSeconds(60), () => $"every entity to answer and the books to equal acknowledged deposits + credits - debits " +
                                           $"({bank.ExpectedTotal}); last: {last}\n{_cluster.Logs}");
        Assert.DoesNotContain(books!.Balances, b => b < 0);

        // every copy catches up (a node that writes stopped waiting for pulls what it lacks), then each holds what was acknowledged
        await _cluster.AwaitEqualCopies(All);
        var wrong = new List<string>();
        foreach (var (path, expected) in bank.UserIds.Select(u => ($"/api/users/{u}", bank.ExpectedUsers.GetValueOrDefault(u)))
                     .Concat(bank.PostIds.Select(p => ($"/api/posts/{p}", bank.ExpectedPosts.GetValueOrDefault(p)))))
        {
            var entity = await Balance(2, path);
            var locals = new List<long>();
            foreach (var octet in All)
                locals.Add(await Balance(octet, path + "?consistency=local"));
            if (entity != expected || locals.Any(l => l != expected))
                wrong.Add($"{path}: acknowledged {expected}, entity {entity}, local copies " + string.Join(", ", All.Zip(locals, (o, l) => $"node {o} {l}")));
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} balances differ from what was acknowledged:\n{string.Join('\n', wrong)}\n" +
                                      $"{await _cluster.CopiesReport(All)}\n{_cluster.Logs}");
    }

    /// <param name="Unanswered">The first read that got no balance (status and body), null when every entity answered.</param>
    private sealed record Ledger(long Total, IReadOnlyList<long> Balances, string? Unanswered);

    /// <summary>Users' balances plus posts' pools, read through their entities on one node.</summary>
    private async Task<Ledger> Books()
    {
        var balances = new List<long>();
        var paths = Enumerable.Range(0, Users).Select(i => $"/api/users/{BankLoad.User(i)}")
            .Concat(Enumerable.Range(0, Posts).Select(i => $"/api/posts/{BankLoad.Post(i)}"));
        foreach (var path in paths)
        {
            var (balance, unanswered) = await TryBalance(2, path);
            if (balance is null)
                return new Ledger(0, balances, unanswered);
            balances.Add(balance.Value);
        }
        return new Ledger(balances.Sum(), balances, null);
    }

    private async Task<long> Balance(int octet, string path)
    {
        var (balance, unanswered) = await TryBalance(octet, path);
        Assert.True(balance is not null, $"{unanswered}\n{await _cluster.CopiesReport(All)}\n{_cluster.Logs}");
        return balance.Value;
    }

    /// <returns>The balance, or null and what the node answered instead.</returns>
    private async Task<(long? Balance, string? Unanswered)> TryBalance(int octet, string path)
    {
        using var response = await _cluster[octet].Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
            return (null, $"GET {path} on node {octet} answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return (json.RootElement.GetProperty("buxBalance").GetInt64(), null);
    }
}
