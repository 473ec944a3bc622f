
namespace BlocksterV2.Benchmarks;

/// <summary>A node reached over HTTP: the one at <c>--url</c>, or a node process this benchmark starts.</summary>
public sealed class HttpTarget : IBenchTarget
{
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(60);

    private readonly HttpClient _client;
    private readonly NodeProcess? _node;

    private HttpTarget(HttpClient client, NodeProcess? node)
    {
        _client = client;
        _node = node;
    }

    public static async Task<HttpTarget> Start(string? url, string? dataDirectory, int clients)
    {
        if (url is not null)
        {
            var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
            return new HttpTarget(new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) }, null);
        }
        var node = NodeProcess.Start(new NodeStart(Environment.CurrentDirectory)
        {
            NodeName = dataDirectory is null ? null : "bench",
            Arguments = dataDirectory is null ? [] : ["--data-dir", dataDirectory],
            Environment = new Dictionary<string, string>
            {
                ["Bux__PassivateIdleAfter"] = "01:00:00",
                ["Logging__LogLevel__Default"] = "Warning",
            },
            ErrorLine = line => Console.Error.WriteLine($"node: {line}"),
            KeepLines = 200,
            MaxConnections = clients,
            HttpTimeout = TimeSpan.FromSeconds(30),
        });
        try
        {
            await node.WaitUntilReady(ReadyDeadline);
            return new HttpTarget(node.Http, node);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    public async Task<bool> Credit(string userId, long amount)
    {
        using var response = await _client.Credit(userId, amount, "bench");
        if (!response.IsSuccessStatusCode)
            await Report(response, $"credit {userId}");
        return response.IsSuccessStatusCode;
    }

    private int _reported;

    /// <summary>The first few failures on stderr, so an error count comes with its reason.</summary>
    private async Task Report(HttpResponseMessage response, string what)
    {
        if (Interlocked.Increment(ref _reported) > 5)
            return;
        var body = await response.Content.ReadAsStringAsync();
        Console.Error.WriteLine($"bench: {what}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
    }

    public async Task<bool> Read(string userId)
    {
        using var response = await _client.GetAsync($"/api/users/{userId}");
        return response.IsSuccessStatusCode;
    }

    public async Task<bool> ReadDirty(string userId)
    {
        using var response = await _client.GetAsync($"/api/users/{userId}?consistency=local");
        return response.IsSuccessStatusCode;
    }

    public async Task<bool> Top(int n)
    {
        using var response = await _client.GetAsync($"/api/leaderboard?top={n}");
        return response.IsSuccessStatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (_node is null)
            _client.Dispose();
        else
            await _node.DisposeAsync();
    }
}
