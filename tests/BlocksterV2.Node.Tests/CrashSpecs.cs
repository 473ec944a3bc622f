using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;

namespace BlocksterV2.Node.Tests;

/// <summary>
/// The real node process is killed with SIGKILL mid-load and restarted on the same data directory:
/// every acknowledged write must be there, and nothing may be applied twice.
/// </summary>
public sealed class CrashSpecs : IDisposable
{
    private const int Users = 40;

    /// <summary>Far fewer resident entities than users: most credits go to an entity that just recovered.</summary>
    private static readonly Dictionary<string, string> SmallResidentLimit = new() { ["Bux__Entities__MaxResident"] = "8" };
    private readonly TempDirectory _work = new();

    [Fact]
    public async Task Every_acknowledged_credit_survives_kill_9_and_none_is_applied_twice()
    {
        var acknowledged = new ConcurrentDictionary<string, string>(); // idempotency key -> user
        var unanswered = new ConcurrentDictionary<string, string>();
        await using (var node = await NodeProcess.StartReady(_work.Path, "crash1", SmallResidentLimit))
        {
            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, 16).Select(client => Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var user = $"crash-user-{(client * 7 + n) % Users}";
                    var key = $"c{client}-{n}";
                    unanswered[key] = user;
                    try
                    {
                        if (await node.Http.Credit(user, 1, key: key).Status() == HttpStatusCode.OK)
                        {
                            acknowledged[key] = user;
                            unanswered.TryRemove(key, out _);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return; // the node is gone: this request may or may not have been applied
                    }
                    catch (TaskCanceledException)
                    {
                        return;
                    }
                }
            })).ToArray();

            await Eventually.True(() => Task.FromResult(acknowledged.Count >= 400), TimeSpan.FromSeconds(60), "400 acknowledged credits");
            await node.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(clients);
        }

        await using var restarted = await NodeProcess.StartReady(_work.Path, "crash1", SmallResidentLimit);
        var perUser = acknowledged.Values.GroupBy(u => u).ToDictionary(g => g.Key, g => (long)g.Count());
        var maybe = unanswered.Values.GroupBy(u => u).ToDictionary(g => g.Key, g => (long)g.Count());
        foreach (var user in perUser.Keys.Union(maybe.Keys))
        {
            var balance = await restarted.Http.UserBalance(user) ?? 0;
            var acked = perUser.GetValueOrDefault(user);
            Assert.InRange(balance, acked, acked + maybe.GetValueOrDefault(user));
        }

        // Re-sending every unanswered credit with its key applies each exactly once: then every balance is exact.
        foreach (var (key, user) in unanswered)
            Assert.Equal(HttpStatusCode.OK, await restarted.Http.Credit(user, 1, key: key).Status());
        foreach (var (key, user) in acknowledged.Take(50))
            Assert.Equal(HttpStatusCode.OK, await restarted.Http.Credit(user, 1, key: key).Status());
        foreach (var user in perUser.Keys.Union(maybe.Keys))
        {
            var expected = perUser.GetValueOrDefault(user) + maybe.GetValueOrDefault(user);
            Assert.Equal(expected, await restarted.Http.UserBalance(user));
        }
    }

    [Fact]
    public async Task A_rewarded_read_cut_between_its_two_steps_completes_after_restart_without_creating_or_destroying_bux()
    {
        const string post = "crash-post";
        const long deposited = 100;
        await using (var node = await NodeProcess.StartReady(_work.Path, "crash2",
                         new Dictionary<string, string> { ["Bux__Faults__KillAfterRewardReserved"] = "true" }))
        {
            await node.Http.PutAsJsonAsync($"/api/posts/{post}/settings", new { reward = 10, readTime = 30 }, TestContext.Current.CancellationToken).Expect(HttpStatusCode.OK);
            await node.Http.PostAsJsonAsync($"/api/posts/{post}/deposit", new { amount = deposited }, TestContext.Current.CancellationToken).Expect(HttpStatusCode.OK);
            await node.Http.PostAsJsonAsync("/api/users/reader/credit", new { amount = 5, reason = "welcome" }, TestContext.Current.CancellationToken).Expect(HttpStatusCode.OK);

            await Assert.ThrowsAnyAsync<Exception>(() =>
                node.Http.PostAsJsonAsync($"/api/posts/{post}/reads", new { userId = "reader", secondsRead = 45 }, TestContext.Current.CancellationToken));
            await node.WaitForExit(TimeSpan.FromSeconds(30));
            Assert.Contains("FAULT INJECTION", node.Output);
        }

        await using var restarted = await NodeProcess.StartReady(_work.Path, "crash2");
        await Eventually.True(async () => await restarted.Http.UserBalance("reader") == 15, TimeSpan.FromSeconds(30),
            "the cut reward to reach the reader after the restart");
        Assert.Equal(deposited - 10, await restarted.Http.PostBalance(post));
        Assert.Equal(deposited + 5, await restarted.Http.PostBalance(post) + await restarted.Http.UserBalance("reader"));

        using var again = await restarted.Http.PostAsJsonAsync($"/api/posts/{post}/reads", new { userId = "reader", secondsRead = 45 }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already rewarded", await again.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains("Resuming 1 rewarded read", restarted.Output);
    }

    public void Dispose() => _work.Dispose();
}
