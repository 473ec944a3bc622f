using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace BlocksterV2.Node.Tests.MultiNode;

/// <summary>
/// Clients crediting users through whichever nodes of a <see cref="LocalCluster"/> are running, as a load balancer in
/// front of them would. A credit that gets no definite answer (the node died, 503, 504) is sent again with the same
/// idempotency key, to another node, until one comes: so when the load stops every credit is known to be applied
/// (200) exactly once, and the users' balances can be checked to the unit. Records when attempts failed, for the
/// availability figures.
/// </summary>
public sealed class ClusterLoad
{
    private readonly LocalCluster _cluster;
    private readonly string _prefix;
    private readonly int _users;
    private readonly ConcurrentDictionary<string, string> _acked = new();
    private readonly ConcurrentQueue<(TimeSpan At, string Node, string What)> _failures = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<TimeSpan>> _answered = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private Task[] _clients = [];

    public ClusterLoad(LocalCluster cluster, string prefix, int users)
    {
        _cluster = cluster;
        _prefix = prefix;
        _users = users;
    }

    /// <summary>Idempotency key → user of every credit of 1 BUX answered 200.</summary>
    public IReadOnlyDictionary<string, string> Acked => _acked;

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Attempts that got no definite answer: when (since the load started), on which node, and what happened.</summary>
    public IReadOnlyList<(TimeSpan At, string Node, string What)> Failures => _failures.ToList();

    public string User(int i) => $"{_prefix}-{i}";

    public IEnumerable<string> UserIds => Enumerable.Range(0, _users).Select(User);

    public ClusterLoad Start(int clients)
    {
        _clients = Enumerable.Range(0, clients).Select(c => Task.Run(() => Client(c))).ToArray();
        return this;
    }

    /// <summary>Stops sending new credits; each client first gets a definite answer for the credit it has out.</summary>
    public async Task StopAsync(TimeSpan? deadline = null)
    {
        await _stop.CancelAsync();
        var all = Task.WhenAll(_clients);
        if (await Task.WhenAny(all, Task.Delay(deadline ?? TimeSpan.FromSeconds(60))) != all)
            throw new TimeoutException("the load's clients did not get definite answers for their last credits within the deadline:\n" + _cluster.Logs);
        await all;
    }

    /// <summary>When, since the load started, the first credit to <paramref name="user"/> after <paramref name="since"/> was answered 200.</summary>
    public TimeSpan? FirstAnsweredAfter(string user, TimeSpan since) =>
        _answered.TryGetValue(user, out var times) && times.Where(t => t > since).ToList() is { Count: > 0 } after ? after.Min() : null;

    /// <summary>Credits acknowledged per user.</summary>
    public Dictionary<string, long> PerUser() => _acked.Values.GroupBy(u => u).ToDictionary(g => g.Key, g => (long)g.Count());

    /// <summary>Waits until at least <paramref name="count"/> credits more than now have been acknowledged.</summary>
    public Task AwaitMoreAcked(int count, TimeSpan deadline)
    {
        var target = _acked.Count + count;
        return Eventually.True(() => Task.FromResult(_acked.Count >= target), deadline,
            () => $"{count} more acknowledged credits (at {_acked.Count} of {target}); last failures: " +
                  string.Join("; ", _failures.TakeLast(10).Select(f => $"{f.At.TotalSeconds:0.0}s {f.Node} {f.What}")) + "\n" + _cluster.Logs);
    }

    private async Task Client(int client)
    {
        var random = new Random(client);
        for (var n = 0; !_stop.IsCancellationRequested; n++)
        {
            var user = User(random.Next(_users));
            var key = $"{_prefix}-c{client}-{n}";
            await CreditUntilDefinite(user, key, random);
        }
    }

    private async Task CreditUntilDefinite(string user, string key, Random random)
    {
        var giveUpAt = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < giveUpAt)
        {
            var nodes = _cluster.Running;
            if (nodes.Count == 0)
            {
                await Task.Delay(100);
                continue;
            }
            var node = nodes[random.Next(nodes.Count)];
            string what;
            try
            {
                // the request BuxClient.Credit sends, so a spec can replay it with the same key
                var status = await node.Http.Credit(user, 1, key: key).Status();
                if (status == HttpStatusCode.OK)
                {
                    _acked[key] = user;
                    _answered.GetOrAdd(user, _ => new ConcurrentQueue<TimeSpan>()).Enqueue(_clock.Elapsed);
                    return;
                }
                if ((int)status is >= 400 and < 500)
                    throw new InvalidOperationException($"credit {key} to {user} refused by {node.Endpoint.Ip}: {status}");
                what = $"{(int)status}";
            }
            catch (HttpRequestException e)
            {
                what = e.Message;
            }
            catch (TaskCanceledException)
            {
                what = "timeout";
            }
            _failures.Enqueue((_clock.Elapsed, node.Endpoint.Ip, what));
            await Task.Delay(50);
        }
        throw new TimeoutException($"credit {key} to {user} got no definite answer within 2 minutes");
    }
}
