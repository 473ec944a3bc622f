using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BlocksterV2.Node.Tests;

/// <summary>A real BUX node process (BlocksterV2.Web.dll) on a free loopback port; killed on dispose.</summary>
public sealed class NodeProcess : IAsyncDisposable
{
    /// <summary>
    /// Every node this test run started. xunit does not dispose a class whose InitializeAsync threw, so a failed
    /// setup would leave its nodes running (and loading the machine for every later spec); the test host kills
    /// whatever is still alive when it exits.
    /// </summary>
    private static readonly ConcurrentDictionary<int, Process> Started = new();

    static NodeProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var process in Started.Values)
        {
            try
            {
                if (!process.HasExited)
                    process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // exited between the check and the kill
            }
        }
    };

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private NodeProcess(Process process, NodeEndpoint endpoint)
    {
        _process = process;
        Endpoint = endpoint;
        Http = new HttpClient { BaseAddress = new Uri($"http://{endpoint.Ip}:{endpoint.HttpPort}"), Timeout = TimeSpan.FromSeconds(15) };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public NodeEndpoint Endpoint { get; }

    public int Pid => _process.Id;

    public HttpClient Http { get; }

    /// <summary>Where its pbm command host listens (<c>host:port</c>), when started with a <see cref="NodeEndpoint.PbmPort"/>.</summary>
    public string PbmAddress => $"{Endpoint.Ip}:{Endpoint.PbmPort}";

    public string Output => string.Join('\n', _output);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Starts a node in <paramref name="workingDirectory"/>; <paramref name="nodeName"/> null means RAM-only. Without an
    /// <paramref name="endpoint"/> it listens on 127.0.0.1 with a free HTTP port, a free remoting port and a free pbm port.
    /// </summary>
    public static NodeProcess Start(string workingDirectory, string? nodeName, IDictionary<string, string>? environment = null,
        NodeEndpoint? endpoint = null, IReadOnlyList<string>? arguments = null)
    {
        endpoint ??= new NodeEndpoint("127.0.0.1", FreePort(), 0);
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
        foreach (var argument in arguments ?? [])
            start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_URLS"] = $"http://{endpoint.Ip}:{endpoint.HttpPort}";
        start.Environment["Bux__RemotingHostname"] = endpoint.Ip;
        start.Environment["Bux__RemotingPort"] = endpoint.RemotingPort.ToString();
        start.Environment["Bux__Pbm__Host"] = endpoint.Ip;
        start.Environment["Bux__Pbm__Port"] = endpoint.PbmPort.ToString();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        var process = Process.Start(start)!;
        Started[process.Id] = process;
        return new NodeProcess(process, endpoint);
    }

    public static async Task<NodeProcess> StartReady(string workingDirectory, string? nodeName, IDictionary<string, string>? environment = null)
    {
        var node = Start(workingDirectory, nodeName, environment);
        await node.WaitUntilReady();
        return node;
    }

    public Task WaitUntilReady(TimeSpan? deadline = null) => WaitFor200("/health/ready", deadline ?? TimeSpan.FromSeconds(60));

    /// <summary>The process answers HTTP; it may still be looking for its cluster.</summary>
    public Task WaitUntilLive() => WaitFor200("/health/live", TimeSpan.FromSeconds(60));

    private async Task WaitFor200(string path, TimeSpan deadline)
    {
        await Eventually.True(async () =>
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"node exited with code {_process.ExitCode} before {path} answered 200:\n{Output}");
            try
            {
                using var response = await Http.GetAsync(path);
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, deadline, () => $"{Endpoint} to answer 200 on {path}:\n{Output}");
    }

    /// <summary>SIGTERM, as the platform stops a machine: the node runs its coordinated shutdown.</summary>
    public void Terminate() => Signal(PosixSignals.Term);

    /// <summary>SIGSTOP: the process freezes as if its machine stopped answering, until <see cref="Resume"/>.</summary>
    public void Freeze()
    {
        Signal(PosixSignals.Stop);
        IsFrozen = true;
    }

    public void Resume()
    {
        Signal(PosixSignals.Cont);
        IsFrozen = false;
    }

    /// <summary>Stopped with <see cref="Freeze"/>: a load balancer's health checks would have taken it out.</summary>
    public bool IsFrozen { get; private set; }

    private void Signal(int signal)
    {
        if (PosixSignals.Send(_process.Id, signal) != 0)
            throw new InvalidOperationException($"could not send signal {signal} to node {Endpoint} (pid {_process.Id})");
    }

    public int Count(string text) => _output.Count(line => line.Contains(text, StringComparison.Ordinal));

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
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"node {Endpoint} did not exit within {deadline.TotalSeconds:0}s:\n{Output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Kill();
        Started.TryRemove(_process.Id, out _);
        Http.Dispose();
        _process.Dispose();
    }

    /// <summary>A TCP port free on every local address, so nodes on 127.0.0.2, 127.0.0.3, ... can all use it.</summary>
    /// <summary>
    /// A TCP port free on every address, chosen below the kernel's ephemeral range (32768 and up on Linux): a port
    /// the kernel hands out with port 0 may meanwhile become the local end of one of the specs' own HTTP
    /// connections, and the node then fails to bind it. Never the same port twice in one test run.
    /// </summary>
    public static int FreePort()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            if (!HandedOut.TryAdd(port, 0))
                continue;
            try
            {
                using var listener = new TcpListener(IPAddress.Any, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // taken: try another
            }
        }
        throw new InvalidOperationException("no free TCP port found between 20000 and 32000");
    }

    private static readonly ConcurrentDictionary<int, byte> HandedOut = new();
}

/// <summary>
/// Where a node listens: HTTP on <c>http://Ip:HttpPort</c>, Akka remoting on <c>Ip:RemotingPort</c>, pbm on
/// <c>Ip:PbmPort</c> (0 = any free port; never pbm's 9110, which specs running side by side would share).
/// </summary>
public sealed record NodeEndpoint(string Ip, int HttpPort, int RemotingPort, int PbmPort = 0)
{
    public override string ToString() => $"{Ip} (http {HttpPort}, remoting {RemotingPort}, pbm {PbmPort})";
}
