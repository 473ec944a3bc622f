using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BlocksterV2.Node.Tests;

/// <summary>A real BUX node process (BlocksterV2.Web.dll) on a free loopback port; killed on dispose.</summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private NodeProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(15) };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    public HttpClient Http { get; }

    public string Output => string.Join('\n', _output);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts a node in <paramref name="workingDirectory"/>; <paramref name="nodeName"/> null means RAM-only.</summary>
    public static NodeProcess Start(string workingDirectory, string? nodeName, IDictionary<string, string>? environment = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "BlocksterV2.Web.dll"));
        if (nodeName is not null)
        {
            start.ArgumentList.Add("--sname");
            start.ArgumentList.Add(nodeName);
        }
        start.Environment["PORT"] = port.ToString();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        return new NodeProcess(Process.Start(start)!, port);
    }

    public static async Task<NodeProcess> StartReady(string workingDirectory, string? nodeName, IDictionary<string, string>? environment = null)
    {
        var node = Start(workingDirectory, nodeName, environment);
        await node.WaitUntilReady();
        return node;
    }

    public async Task WaitUntilReady()
    {
        await Eventually.True(async () =>
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"node exited with code {_process.ExitCode} before it was ready:\n{Output}");
            try
            {
                using var response = await Http.GetAsync("/health/ready");
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "the node to answer 200 on /health/ready");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing; what was acknowledged must already be on disk.</summary>
    public async Task Kill()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async Task WaitForExit(TimeSpan deadline)
    {
        using var cts = new CancellationTokenSource(deadline);
        await _process.WaitForExitAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await Kill();
        Http.Dispose();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
