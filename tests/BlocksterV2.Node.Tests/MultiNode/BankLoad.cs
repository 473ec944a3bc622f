using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;

namespace BlocksterV2.Node.Tests.MultiNode;

/// <summary>
/// The bank workload, in the spirit of Jepsen's: clients deposit into posts' pools, read posts (a reward moves from the
/// pool to the reader), credit and debit users, each through a random running node, each operation under its own
/// idempotency key and sent again (to any node) until it gets a definite answer. Keeps, per user and per post, the sum
/// of what was acknowledged, so the balances can be checked to the unit once the cluster is quiet.
/// </summary>
public sealed class BankLoad(LocalCluster cluster, int users, int posts, long reward)
{
    private readonly ConcurrentDictionary<string, long> _users = new();
    private readonly ConcurrentDictionary<string, long> _posts = new();
    private readonly CancellationTokenSource _stop = new();
    private long _deposits, _credits, _debits, _rewards, _refused, _resent;
    private Task[] _clients = [];

    public IReadOnlyDictionary<string, long> ExpectedUsers => _users;

    public IReadOnlyDictionary<string, long> ExpectedPosts => _posts;

    /// <summary>Acknowledged deposits + credits − debits: what every user balance and post pool must add up to.</summary>
    public long ExpectedTotal => Interlocked.Read(ref _deposits) + Interlocked.Read(ref _credits) - Interlocked.Read(ref _debits);

    public string Summary =>
        $"acknowledged: deposits {_deposits} BUX, credits {_credits}, debits {_debits}, rewards {_rewards}; {_refused} refused (409), " +
        $"{_resent} attempts without a definite answer sent again";

    public static string User(int i) => $"bank-user-{i}";

    public static string Post(int i) => $"bank-post-{i}";

    public IEnumerable<string> UserIds => Enumerable.Range(0, users).Select(User);

    public IEnumerable<string> PostIds => Enumerable.Range(0, posts).Select(Post);

    /// <summary>Every post pays <c>reward</c> per read of at least a second, and starts with a deposit; every user starts with a credit.</summary>
    public async Task Seed()
    {
        foreach (var post in PostIds)
        {
            await Definite(() => Send(HttpMethod.Put, $"/api/posts/{post}/settings", new { reward, readTime = 1, idempotencyKey = $"{post}-settings" }));
            await Deposit(post, 500, $"{post}-seed");
        }
        foreach (var user in UserIds)
            await Credit(user, 100, $"{user}-seed");
    }

    public BankLoad Start(int clients)
    {
        _clients = Enumerable.Range(0, clients).Select(c => Task.Run(() => Client(c))).ToArray();
        return this;
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_clients);
    }

    private async Task Client(int client)
    {
        var random = new Random(1000 + client);
        for (var n = 0; !_stop.IsCancellationRequested; n++)
        {
            var key = $"bank-c{client}-{n}";
            var user = User(random.Next(users));
            var post = Post(random.Next(posts));
            switch (random.Next(4))
            {
                case 0:
                    await Deposit(post, random.Next(1, 20), key);
                    break;
                case 1:
                    await Credit(user, random.Next(1, 20), key);
                    break;
                case 2:
                    await Debit(user, random.Next(1, 40), key);
                    break;
                default:
                    await Read(post, user, key);
                    break;
            }
        }
    }

    private async Task Deposit(string post, long amount, string key)
    {
        if (await Definite(() => Send(HttpMethod.Post, $"/api/posts/{post}/deposit", new { amount, idempotencyKey = key })) == HttpStatusCode.OK)
        {
            _posts.AddOrUpdate(post, amount, (_, v) => v + amount);
            Interlocked.Add(ref _deposits, amount);
        }
    }

    private async Task Credit(string user, long amount, string key)
    {
        if (await Definite(() => Send(HttpMethod.Post, $"/api/users/{user}/credit", new { amount, reason = "bank", idempotencyKey = key })) == HttpStatusCode.OK)
        {
            _users.AddOrUpdate(user, amount, (_, v) => v + amount);
            Interlocked.Add(ref _credits, amount);
        }
    }

    private async Task Debit(string user, long amount, string key)
    {
        if (await Definite(() => Send(HttpMethod.Post, $"/api/users/{user}/debit", new { amount, reason = "bank", idempotencyKey = key })) == HttpStatusCode.OK)
        {
            _users.AddOrUpdate(user, -amount, (_, v) => v - amount);
            Interlocked.Add(ref _debits, amount);
        }
    }

    private async Task Read(string post, string user, string key)
    {
        if (await Definite(() => Send(HttpMethod.Post, $"/api/posts/{post}/reads", new { userId = user, secondsRead = 5, idempotencyKey = key })) == HttpStatusCode.OK)
        {
            _posts.AddOrUpdate(post, -reward, (_, v) => v - reward);
            _users.AddOrUpdate(user, reward, (_, v) => v + reward);
            Interlocked.Add(ref _rewards, reward);
        }
    }

    /// <summary>200 or a 4xx refusal; anything else (a node gone, 503, 504) is sent again, with the same key.</summary>
    private async Task<HttpStatusCode> Definite(Func<Task<HttpStatusCode?>> send)
    {
        var giveUpAt = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < giveUpAt)
        {
            if (await send() is { } status && (status == HttpStatusCode.OK || (int)status is >= 400 and < 500))
            {
                if (status != HttpStatusCode.OK)
                    Interlocked.Increment(ref _refused);
                if (status is not (HttpStatusCode.OK or HttpStatusCode.Conflict))
                    throw new InvalidOperationException($"the bank's request was refused as invalid: {status}");
                return status;
            }
            Interlocked.Increment(ref _resent);
            await Task.Delay(100);
        }
        throw new TimeoutException("an operation got no definite answer within 3 minutes:\n" + cluster.Logs);
    }

    private async Task<HttpStatusCode?> Send(HttpMethod method, string path, object body)
    {
        var nodes = cluster.Running;
        if (nodes.Count == 0)
            return null;
        var node = nodes[Random.Shared.Next(nodes.Count)];
        try
        {
            using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
            using var response = await node.Http.SendAsync(request);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }
}
