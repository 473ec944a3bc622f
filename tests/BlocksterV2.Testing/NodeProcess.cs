using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace BlocksterV2.Testing;

/// <summary>A real BUX node process (BlocksterV2.Web.dll); its output is kept for failure messages; killed on dispose.</summary>
public sealed class NodeProcess : IAsyncDisposable
{
    /// <summary>
    /// Every node this run started. xunit does not dispose a class whose InitializeAsync threw, and a benchmark may
    /// end by an exception, so a failed setup would leave its nodes running (and loading the machine for everything
    /// after it); whatever is still alive is killed when this process exits.
    /// </summary>
    private static readonly ConcurrentDictionary<int, Process> Started = new();

    static NodeProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillEveryStarted();

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly int? _keepLines;

    private NodeProcess(Process process, NodeEndpoint endpoint, NodeStart start)
    {
        _process = process;
        _keepLines = start.KeepLines;
        Endpoint = endpoint;
        Http = start.HttpClient(endpoint);
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            Keep(e.Data);
            if (e.Data is not null)
                start.ErrorLine?.Invoke(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public NodeEndpoint Endpoint { get; }

    public int Pid => _process.Id;

    public HttpClient Http { get; }

    /// <summary>Where its pbm command host listens (<c>host:port</c>), when started with a <see cref="NodeEndpoint.PbmPort"/>.</summary>
    public string PbmAddress => $"{Endpoint.Ip}:{Endpoint.PbmPort}";

    /// <summary>The kept output (stdout and stderr as they came), one line a line.</summary>
    public string Output => string.Join('\n', _output);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Frozen by <see cref="Freeze"/>: a load balancer's health checks would have taken it out.</summary>
    public bool IsFrozen { get; private set; }

    public static NodeProcess Start(NodeStart start)
    {
        var endpoint = start.Endpoint ?? NodeEndpoint.Loopback();
        var process = Process.Start(start.StartInfo(endpoint)) ?? throw new InvalidOperationException("could not start dotnet");
        Started[process.Id] = process;
        return new NodeProcess(process, endpoint, start);
    }

    /// <summary>
    /// Starts a node in <paramref name="workingDirectory"/>; <paramref name="nodeName"/> null means RAM-only. Without an
    /// <paramref name="endpoint"/> it listens on 127.0.0.1 with a free HTTP port, a free remoting port and a free pbm port.
    /// </summary>
    public static NodeProcess Start(string workingDirectory, string? nodeName, IDictionary<string, string>? environment = null,
        NodeEndpoint? endpoint = null, IReadOnlyList<string>? arguments = null) =>
        Start(new NodeStart(workingDirectory) { NodeName = nodeName, Environment = environment, Endpoint = endpoint, Arguments = arguments ?? [] });

    public static async Task<NodeProcess> StartReady(string workingDirectory, string? nodeName, IDictionary<string, string>? environment = null)
    {
        var node = Start(workingDirectory, nodeName, environment);
        await node.WaitUntilReady();
        return node;
    }

    public Task WaitUntilReady(TimeSpan? deadline = null) => WaitFor200("/health/ready", deadline ?? TimeSpan.FromSeconds(60));

    /// <summary>The process answers HTTP; it may still be looking for its cluster.</summary>
    public Task WaitUntilLive() => WaitFor200("/health/live", TimeSpan.FromSeconds(60));

    private Task WaitFor200(string path, TimeSpan deadline) =>
        Eventually.True(async () =>
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

    /// <summary>How many kept output lines contain <paramref name="text"/>.</summary>
    public int Count(string text) => _output.Count(line => line.Contains(text, StringComparison.Ordinal));

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

    /// <summary>SIGKILL: no shutdown hooks, no flushing; what was acknowledged must already be on disk.</summary>
    public async Task Kill()
    {
        KillNow(_process);
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

    /// <summary>
    /// Kills every node still running and waits a little for each (for a signal handler, which cannot await): the
    /// same as the process-exit hook, at a moment the caller chooses.
    /// </summary>
    public static void KillEveryStarted()
    {
        foreach (var process in Started.Values)
            KillNow(process);
        foreach (var process in Started.Values)
            WaitBriefly(process);
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        _output.Enqueue(line);
        while (_output.Count > _keepLines)
            _output.TryDequeue(out _);
    }

    private void Signal(int signal)
    {
        if (PosixSignals.Send(_process.Id, signal) != 0)
            throw new InvalidOperationException($"could not send signal {signal} to node {Endpoint} (pid {_process.Id})");
    }

    private static void KillNow(Process process)
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // exited between the check and the kill, or already disposed
        }
    }

    private static void WaitBriefly(Process process)
    {
        try
        {
            process.WaitForExit(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // already gone
        }
    }
}
