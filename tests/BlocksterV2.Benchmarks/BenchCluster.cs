using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using BlocksterV2.Web.Api;

namespace BlocksterV2.Benchmarks;

/// <summary>
/// Real node processes (BlocksterV2.Web.dll) on 127.0.0.2, 127.0.0.3, ... forming one cluster through a static
/// seed (<c>--join 127.0.0.2:port</c>), every one on the same remoting port, as README "Forming a cluster" starts
/// them. Every process started is killed on dispose, and when this process exits or is interrupted.
/// </summary>
public sealed class BenchCluster : IAsyncDisposable
{
    private readonly List<BenchNode> _nodes;
    private readonly string? _ownedDirectory;
    private readonly PosixSignalRegistration[] _signals;
    private int _disposed;

    private readonly string _root;
    private readonly int _remotingPort;
    private readonly string _seed;
    private readonly bool _ramOnly;
    private readonly int _clients;

    private BenchCluster(List<BenchNode> nodes, string? ownedDirectory, string root, int remotingPort, string seed, bool ramOnly, int clients)
    {
        _nodes = nodes;
        _ownedDirectory = ownedDirectory;
        _root = root;
        _remotingPort = remotingPort;
        _seed = seed;
        _ramOnly = ramOnly;
        _clients = clients;
        // Interrupted (Ctrl+C, kill): the nodes go with this process; the signal's default action then ends it.
        _signals = new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT }
            .Select(signal => PosixSignalRegistration.Create(signal, _ => KillAll())).ToArray();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    public IReadOnlyList<BenchNode> Nodes => _nodes;

    /// <param name="dataDirectory">Each node stores under <c>dataDirectory/nodeN</c>; null: a temporary directory, deleted on dispose.</param>
    /// <param name="seed">Nodes join this seed (<c>host:port</c>) and go on 127.0.0.(3 + i), on its port: the benchmark process
    /// is the seed node itself; null: the first node started is the seed, on 127.0.0.2.</param>
    public static async Task<BenchCluster> Start(int count, string? dataDirectory, bool ramOnly, int clients, (string Ip, int Port)? seed = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var root = dataDirectory ?? Path.Combine(Path.GetTempPath(), $"bux-bench-cluster-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        var remotingPort = seed?.Port ?? FreePorts.Tcp();
        var first = seed is null ? 0 : 1;
        var nodes = new List<BenchNode>();
        var cluster = new BenchCluster(nodes, dataDirectory is null ? root : null, root, remotingPort, $"{seed?.Ip ?? Ip(0)}:{remotingPort}", ramOnly, clients);
        try
        {
            for (var i = first; i < first + count; i++)
                cluster.Add(i, environment);
            await cluster.AwaitOneCluster(members: first + count, TimeSpan.FromSeconds(90));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public static string Ip(int index) => $"127.0.0.{index + 2}";

    /// <summary>Starts node number <paramref name="index"/> (on <see cref="Ip"/>) joining the seed; <paramref name="environment"/> adds to its settings.</summary>
    public BenchNode Add(int index, IReadOnlyDictionary<string, string>? environment = null)
    {
        var node = BenchNode.Start(_root, $"node{index + 2}", Ip(index), FreePorts.Tcp(), _remotingPort, _seed, _ramOnly, _clients, environment);
        lock (_nodes)
            _nodes.Add(node);
        return node;
    }

    /// <summary>Every node ready and seeing <paramref name="members"/> members, every one Up and reachable.</summary>
    public Task AwaitOneCluster(int members, TimeSpan deadline)
    {
        var last = "no answer yet";
        return Eventually.True(async () =>
        {
            foreach (var node in _nodes)
            {
                if (node.HasExited)
                    throw new InvalidOperationException($"{node.Name} exited with code {node.ExitCode} before the cluster formed:\n{node.Tail}");
                try
                {
                    using var ready = await node.Http.GetAsync("/health/ready");
                    var view = await node.Http.GetFromJsonAsync<ClusterView>("/api/cluster");
                    var up = view?.Members.Count(m => m.Status == "Up" && m.Reachable) ?? 0;
                    last = $"{node.Name}: ready {(int)ready.StatusCode}, {up} of {members} members Up";
                    if (ready.StatusCode != HttpStatusCode.OK || up != members || view!.Members.Count != members)
                        return false;
                }
                catch (HttpRequestException)
                {
                    last = $"{node.Name} does not answer HTTP yet";
                    return false;
                }
            }
            return true;
        }, deadline, () => $"the {members} nodes to form one cluster (last: {last})");
    }

    private void KillAll()
    {
        lock (_nodes)
        {
            NodeProcess.KillEveryStarted();
            DeleteOwnedDirectory();
        }
    }

    private void DeleteOwnedDirectory()
    {
        if (_ownedDirectory is null || !Directory.Exists(_ownedDirectory))
            return;
        try
        {
            Directory.Delete(_ownedDirectory, recursive: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"bench: could not delete {_ownedDirectory}: {e.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        foreach (var signal in _signals)
            signal.Dispose();
        foreach (var node in _nodes)
            await node.DisposeAsync();
        DeleteOwnedDirectory();
    }

}

/// <summary>One node process of a <see cref="BenchCluster"/>, by name; its output is kept (the last lines) for error messages.</summary>
public sealed class BenchNode(string name, NodeProcess process) : IAsyncDisposable
{
    private const int TailLines = 200;

    public string Name => name;

    /// <summary>The node's HTTP address, e.g. <c>127.0.0.2:41234</c>.</summary>
    public string Address => $"{process.Endpoint.Ip}:{process.Endpoint.HttpPort}";

    public HttpClient Http => process.Http;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public string Tail => process.Output;

    public static BenchNode Start(string root, string name, string ip, int httpPort, int remotingPort, string seed, bool ramOnly, int clients,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        string[] join = ["--join", seed];
        var quiet = new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning", ["Logging__LogLevel__Akka"] = "Warning" };
        return new BenchNode(name, NodeProcess.Start(new NodeStart(root)
        {
            NodeName = ramOnly ? null : name,
            Arguments = ramOnly ? join : ["--data-dir", Path.Combine(root, name), .. join],
            Endpoint = new NodeEndpoint(ip, httpPort, remotingPort),
            Environment = quiet.Concat(environment ?? new Dictionary<string, string>()),
            KeepLines = TailLines,
            MaxConnections = clients,
            HttpTimeout = TimeSpan.FromSeconds(30),
        }));
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
