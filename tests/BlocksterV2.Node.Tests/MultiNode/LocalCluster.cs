using System.Net;
using System.Net.Http.Json;
using BlocksterV2.Node.Tests.Dns;
using BlocksterV2.Web.Api;

namespace BlocksterV2.Node.Tests.MultiNode;

/// <summary>
/// Real nodes on 127.0.0.2, 127.0.0.3, ... that find each other through a real DNS server (dnsmasq) answering
/// <see cref="Service"/>. Every node shares one remoting port, as on Fly. Every process started is killed on dispose.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    public const string Service = "blockster.test";
    public const string SelfJoinLog = "forming a new cluster (self-join)";
    public static readonly TimeSpan StableMargin = TimeSpan.FromSeconds(2);

    /// <summary>The nodes' <c>Bux:DownUnreachableAfter</c>: short, so losing a node costs the specs seconds, not the default 20.</summary>
    public static readonly TimeSpan DownUnreachableAfter = TimeSpan.FromSeconds(3);

    /// <summary>The nodes' <c>Bux:AskTimeout</c> (the default): how long the web tier waits for an entity's answer.</summary>
    public static readonly TimeSpan AskTimeout = new BlocksterV2.Cluster.Hosting.BuxNodeOptions().AskTimeout;

    private readonly TempDirectory _work = new();
    private readonly List<NodeProcess> _everyProcess = [];
    private readonly Dictionary<int, NodeProcess> _running = [];
    private readonly Dictionary<int, IDictionary<string, string>?> _settings = [];
    private readonly Lock _gate = new();

    private LocalCluster(Dnsmasq dns) => Dns = dns;

    public Dnsmasq Dns { get; }

    public int RemotingPort { get; } = FreePorts.Tcp();

    public NodeProcess this[int octet]
    {
        get
        {
            lock (_gate)
                return _running[octet];
        }
    }

    /// <summary>The processes running and not frozen now (a load balancer's view: some may still be starting).</summary>
    public IReadOnlyList<NodeProcess> Running
    {
        get
        {
            lock (_gate)
                return _running.Values.Where(p => !p.HasExited && !p.IsFrozen).ToList();
        }
    }

    /// <summary>Self-joins logged by every process this cluster ever started, restarted ones included.</summary>
    public int SelfJoins => _everyProcess.Sum(p => p.Count(SelfJoinLog));

    public static async Task<LocalCluster> Start() => new(await Dnsmasq.Start());

    public static string Ip(int octet) => $"127.0.0.{octet}";

    /// <summary>Makes DNS answer <see cref="Service"/> with exactly these nodes.</summary>
    public Task ListInDns(params int[] octets) => Dns.SetHosts(Service, octets.Select(Ip).ToArray());

    /// <summary>
    /// A spec class's setup: a cluster of <paramref name="octets"/> as <see cref="StartOneClusterOf"/> starts it, with
    /// <paramref name="users"/> users credited 10 BUX each through the first node (keys <c>seed-N</c>). If the setup fails
    /// the cluster is stopped before the failure is reported: xunit does not dispose a class whose InitializeAsync threw.
    /// </summary>
    public static async Task<LocalCluster> StartSeeded(int users, params int[] octets)
    {
        var cluster = await Start();
        try
        {
            await cluster.StartOneClusterOf(octets);
            for (var i = 0; i < users; i++)
                Assert.Equal(HttpStatusCode.OK, await cluster.CreditAsTheApiSays(octets[0], $"user-{i}", 10, $"seed-{i}"));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A credit sent again with the same key after a 504, as the API tells its clients: the first write a node's entities
    /// take after it starts compiles the whole write path (about 1.5 s on an idle machine, more while other test
    /// assemblies load the cores), and can outlast Bux:AskTimeout. Any other answer is returned as it is.
    /// </summary>
    public async Task<HttpStatusCode> CreditAsTheApiSays(int octet, string user, long amount, string key)
    {
        for (var attempt = 1; ; attempt++)
        {
            var status = await this[octet].Http.Credit(user, amount, key: key).Status();
            if (status != HttpStatusCode.GatewayTimeout || attempt == 3)
                return status;
        }
    }

    /// <summary>Lists the nodes in DNS, starts them together and awaits one cluster of them, every node ready.</summary>
    public Task StartOneClusterOf(params int[] octets) => StartOneClusterOf(null, octets);

    /// <summary>As <see cref="StartOneClusterOf(int[])"/>, every node with these settings too.</summary>
    public async Task StartOneClusterOf(IDictionary<string, string>? settings, params int[] octets)
    {
        await ListInDns(octets);
        foreach (var octet in octets)
            StartNode(octet, settings);
        await AwaitOneClusterOf(octets);
    }

    /// <summary>The node that hosts <paramref name="userId"/>'s entity now, by every node's <c>/api/cluster/shards</c>.</summary>
    public async Task<int> HostOfUser(string userId)
    {
        foreach (var node in Running)
        {
            var view = await node.Http.GetFromJsonAsync<HostedShardsView>("/api/cluster/shards");
            if (view!.Regions["user-bux"].Any(s => s.EntityIds.Contains(userId)))
                return int.Parse(node.Endpoint.Ip.Split('.')[3]);
        }
        throw new InvalidOperationException($"no node hosts user {userId}");
    }

    public NodeProcess StartNode(int octet, IDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["DNS_CLUSTER_QUERY"] = Service,
            ["Bux__Discovery__NameServers__0"] = Dns.NameServer,
            ["Bux__Discovery__QueryTimeout"] = "00:00:00.500",
            ["Bux__Discovery__ResolveTimeout"] = "00:00:01.500",
            ["Bux__Discovery__ProbeInterval"] = "00:00:00.500",
            ["Bux__Discovery__ProbeTimeout"] = "00:00:01",
            ["Bux__Discovery__StableMargin"] = StableMargin.ToString("c"),
            ["Bux__Discovery__JoinTimeout"] = "00:00:30",
            ["Bux__DownUnreachableAfter"] = DownUnreachableAfter.ToString("c"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            environment[key] = value;
        lock (_gate)
            _settings[octet] = settings;
        return Track(octet, NodeProcess.Start(_work.Path, $"node{octet}", environment, new NodeEndpoint(Ip(octet), FreePorts.Tcp(), RemotingPort, FreePorts.Tcp())));
    }

    /// <summary>Starts the node again on its data directory, with the settings it was last started with.</summary>
    public NodeProcess Restart(int octet)
    {
        IDictionary<string, string>? settings;
        lock (_gate)
            settings = _settings.GetValueOrDefault(octet);
        return StartNode(octet, settings);
    }

    /// <summary>A node's view of a table: its own copy and every member's (<c>GET /api/tables/{name}</c>).</summary>
    public static async Task<TableInfo> Table(NodeProcess node, string table) =>
        await node.Http.GetFromJsonAsync<TableInfo>($"/api/tables/{table}", Json) ?? throw new InvalidOperationException("empty /api/tables answer");

    /// <summary>
    /// Awaits the moment every listed node reports every listed member's copy of both tables caught up, nothing behind and
    /// one digest for all: the copies are equal.
    /// </summary>
    public async Task AwaitEqualCopies(params int[] octets)
    {
        var last = "no answer yet";
        await Eventually.True(async () =>
        {
            foreach (var table in BlocksterV2.Domain.Tables.BuxTables.TableNames())
            {
                var digests = new HashSet<string?>();
                foreach (var octet in octets)
                {
                    var info = await Table(this[octet], table);
                    var copies = info.Copies ?? [];
                    last = $"node {octet} {table}: " + string.Join("; ", copies.Select(c => $"{c.Node} {c.State} rows {c.Rows} behind {c.Behind} digest {c.Digest}"));
                    if (copies.Count != octets.Length || copies.Any(c => !c.IsCaughtUp || c.Behind != 0))
                        return false;
                    digests.UnionWith(copies.Select(c => c.Digest));
                    digests.Add(info.Copy?.Digest);
                }
                if (digests.Count != 1)
                {
                    last = $"{table}: digests differ: {string.Join(", ", digests)}";
                    return false;
                }
            }
            return true;
        }, TimeSpan.FromSeconds(60), () => $"every copy of both tables caught up and equal (last: {last})\n{Logs}");
    }

    /// <summary>Every listed node's <c>/api/tables</c> answer for both tables, for a failure message.</summary>
    public async Task<string> CopiesReport(params int[] octets)
    {
        var lines = new List<string>();
        foreach (var octet in octets)
            foreach (var table in BlocksterV2.Domain.Tables.BuxTables.TableNames())
            {
                try
                {
                    lines.Add($"node {octet} {table}: {await this[octet].Http.GetStringAsync($"/api/tables/{table}")}");
                }
                catch (HttpRequestException e)
                {
                    lines.Add($"node {octet} {table}: {e.Message}");
                }
            }
        return string.Join('\n', lines);
    }

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>A node outside DNS discovery: alone, or joining <paramref name="join"/> (host:port) by hand.</summary>
    public NodeProcess StartStaticNode(int octet, string? join, IDictionary<string, string>? settings = null)
    {
        return Track(octet, NodeProcess.Start(_work.Path, $"node{octet}", settings,
            new NodeEndpoint(Ip(octet), FreePorts.Tcp(), RemotingPort, FreePorts.Tcp()), join is null ? [] : ["--join", join]));
    }

    public string AkkaAddress(int octet) => $"akka.tcp://blockster@{Ip(octet)}:{RemotingPort}";

    public static async Task<ClusterView> View(NodeProcess node) =>
        await node.Http.GetFromJsonAsync<ClusterView>("/api/cluster") ?? throw new InvalidOperationException("empty /api/cluster answer");

    /// <summary>
    /// Awaits the moment every listed node is ready and sees exactly the listed nodes, all Up and reachable:
    /// one cluster, the same on every node.
    /// </summary>
    public async Task AwaitOneClusterOf(params int[] octets)
    {
        var expected = octets.Select(AkkaAddress).Order(StringComparer.Ordinal).ToList();
        var last = "no answer yet";
        await Eventually.True(async () =>
        {
            foreach (var octet in octets)
            {
                var node = this[octet];
                if (node.HasExited)
                    throw new InvalidOperationException($"node {octet} exited with code {node.ExitCode}:\n{node.Output}");
            }
            (var formed, last) = await IsOneClusterOf(octets);
            return formed;
        }, TimeSpan.FromSeconds(60), () => $"one cluster of [{string.Join(", ", expected)}] seen by every node (last: {last})\n{Logs}");
    }

    /// <summary>Whether every listed node is ready and sees exactly the listed nodes, all Up and reachable; and what was seen.</summary>
    public async Task<(bool Formed, string Seen)> IsOneClusterOf(params int[] octets)
    {
        var expected = octets.Select(AkkaAddress).Order(StringComparer.Ordinal).ToList();
        foreach (var octet in octets)
        {
            var node = this[octet];
            try
            {
                using var ready = await node.Http.GetAsync("/health/ready");
                var view = await View(node);
                var seen = view.Members.Where(m => m.Status == "Up" && m.Reachable).Select(m => m.Address).Order(StringComparer.Ordinal).ToList();
                var last = $"node {octet}: ready={ready.StatusCode}, members [{string.Join(", ", view.Members.Select(m => $"{m.Address} {m.Status}"))}]";
                if (ready.StatusCode != HttpStatusCode.OK || view.Members.Count != expected.Count || !seen.SequenceEqual(expected))
                    return (false, last);
            }
            catch (HttpRequestException)
            {
                return (false, $"node {octet} does not answer HTTP");
            }
        }
        return (true, "one cluster");
    }

    public async Task Stop(int octet)
    {
        await this[octet].Kill();
        Forget(octet);
    }

    public void Forget(int octet)
    {
        lock (_gate)
            _running.Remove(octet);
    }

    public bool IsRunning(int octet)
    {
        lock (_gate)
            return _running.ContainsKey(octet);
    }

    public string Logs
    {
        get
        {
            lock (_gate)
                return string.Join("\n\n", _everyProcess.Select(p => $"--- {p.Endpoint} ---\n{p.Output}"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<NodeProcess> every;
        lock (_gate)
            every = _everyProcess.ToList();
        foreach (var process in every)
            await process.DisposeAsync();
        await Dns.DisposeAsync();
        _work.Dispose();
    }

    private NodeProcess Track(int octet, NodeProcess process)
    {
        lock (_gate)
        {
            _everyProcess.Add(process);
            _running[octet] = process;
        }
        return process;
    }
}
