using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace BlocksterV2.Benchmarks;

/// <summary>A node reached over HTTP: the one at <c>--url</c>, or a node process this benchmark starts.</summary>
public sealed class HttpTarget : IBenchTarget
{
    private readonly HttpClient _client;
    private readonly Process? _node;

    private HttpTarget(HttpClient client, Process? node)
    {
        _client = client;
        _node = node;
    }

    public static async Task<HttpTarget> Start(string? url, string? dataDirectory, int clients)
    {
        Process? node = null;
        if (url is null)
        {
            var port = FreePort();
            url = $"http://127.0.0.1:{port}";
            var nodeDll = Path.Combine(AppContext.BaseDirectory, "BlocksterV2.Web.dll");
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(nodeDll);
            if (dataDirectory is not null)
            {
                start.ArgumentList.Add("--sname");
                start.ArgumentList.Add("bench");
                start.ArgumentList.Add("--data-dir");
                start.ArgumentList.Add(dataDirectory);
            }
            start.Environment["PORT"] = port.ToString();
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            start.Environment["Bux__PassivateIdleAfter"] = "01:00:00";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            node = Process.Start(start)!;
            node.OutputDataReceived += (_, _) => { };
            node.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"node: {e.Data}"); };
            node.BeginOutputReadLine();
            node.BeginErrorReadLine();
        }

        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        var client = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        var target = new HttpTarget(client, node);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                    return target;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow > deadline || node is { HasExited: true })
            {
                await target.DisposeAsync();
                throw new TimeoutException($"the node at {url} did not become ready within 60 s");
            }
            await Task.Delay(100);
        }
    }

    public async Task<bool> Credit(string userId, long amount)
    {
        using var response = await _client.PostAsJsonAsync($"/api/users/{userId}/credit", new { amount, reason = "bench" });
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
        _client.Dispose();
        if (_node is { HasExited: false })
        {
            _node.Kill(entireProcessTree: true);
            await _node.WaitForExitAsync();
        }
        _node?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
