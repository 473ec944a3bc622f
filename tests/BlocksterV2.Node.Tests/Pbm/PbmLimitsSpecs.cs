using System.Net;
using System.Net.Sockets;
using System.Text;
using BlocksterV2.Cmd;
using NodeEndpoint = BlocksterV2.Testing.NodeEndpoint;

namespace BlocksterV2.Node.Tests.Pbm;

/// <summary>
/// A node whose pbm host takes at most 4 connections and closes a connection idle for 2 s after its hello: a flood
/// of connections is refused beyond the cap, the node keeps answering HTTP, and pbm answers again once the idle
/// connections are closed.
/// </summary>
public sealed class PbmLimitsSpecs : IAsyncLifetime
{
    private const string Secret = "pbm-limits-secret-9c2f";
    private const int MaxConnections = 4;
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(2);

    private readonly TempDirectory _work = new();
    private NodeProcess _node = null!;

    public async ValueTask InitializeAsync()
    {
        _node = NodeProcess.Start(_work.Path, "pbm-limits", new Dictionary<string, string>
        {
            ["Bux__Pbm__Secret"] = Secret,
            ["Bux__Pbm__MaxConnections"] = MaxConnections.ToString(),
            ["Bux__Pbm__IdleTimeout"] = "00:00:02",
        }, new NodeEndpoint("127.0.0.1", FreePorts.Tcp(), 0, FreePorts.Tcp()));
        await _node.WaitUntilReady();
    }

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        _work.Dispose();
    }

    [Fact]
    public async Task Connections_beyond_the_cap_are_refused_with_one_line_and_the_node_keeps_answering_http_and_then_pbm()
    {
        var held = new List<TcpClient>();
        for (var i = 0; i < MaxConnections; i++)
        {
            var client = await Connect();
            await SendHello(client);
            Assert.Contains("\"type\":\"welcome\"", await ReadLine(client));
            held.Add(client);
        }

        var flood = new List<TcpClient>();
        for (var i = 0; i < 40; i++)
            flood.Add(await Connect());
        foreach (var client in flood.Take(5))
        {
            var answer = await ReadLine(client);
            Assert.Contains("\"type\":\"refused\"", answer);
            Assert.Contains($"already serves {MaxConnections} pbm connections (Bux:Pbm:MaxConnections)", answer);
        }
        await _node.WaitUntilReady(TimeSpan.FromSeconds(5));
        await Eventually.True(() => Task.FromResult(_node.Count("refused 127.0.0.1:") >= 1), TimeSpan.FromSeconds(10),
            () => $"the refusal logged:\n{_node.Output}");
        // thousands of refusals make a few lines, not one each
        Assert.True(_node.Count("the most Bux:Pbm:MaxConnections allows") <= 2, _node.Output);

        // the held connections say nothing: the idle timeout closes them, and pbm answers again
        await Eventually.True(async () => (await Pbm.Run(new PbmClientSettings(Secret, Pbm.ConnectTimeout), "", _node.PbmAddress, "cluster", "show")).ExitCode == ExitCodes.Ok,
            TimeSpan.FromSeconds(20), () => $"pbm answering once the idle connections were closed:\n{_node.Output}");
        Assert.True(_node.Count("(Bux:Pbm:IdleTimeout); closing the connection") >= 1, _node.Output);
        foreach (var client in held.Concat(flood))
            client.Dispose();
    }

    [Fact]
    public async Task A_client_idle_after_its_hello_is_told_why_and_disconnected()
    {
        using var client = await Connect();
        await SendHello(client);
        Assert.Contains("\"type\":\"welcome\"", await ReadLine(client));

        var started = DateTime.UtcNow;
        var answer = await ReadLine(client);

        Assert.Contains("idle for 2s (Bux:Pbm:IdleTimeout): connection closed", answer);
        Assert.True(DateTime.UtcNow - started >= IdleTimeout - TimeSpan.FromMilliseconds(200), $"closed after {(DateTime.UtcNow - started).TotalSeconds:0.0}s");
        Assert.Null(await ReadLine(client));
    }

    private async Task<TcpClient> Connect()
    {
        var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(IPAddress.Loopback, _node.Endpoint.PbmPort);
        return client;
    }

    private static async Task SendHello(TcpClient client) =>
        await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes($"{{\"type\":\"hello\",\"protocol\":1,\"clientVersion\":\"spec\",\"secret\":\"{Secret}\"}}\n"));

    /// <summary>One line of the protocol, or null when the node closed the connection; 15 s at most.</summary>
    private static async Task<string?> ReadLine(TcpClient client)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var bytes = new List<byte>();
        var one = new byte[1];
        while (await client.GetStream().ReadAsync(one, deadline.Token) == 1)
        {
            if (one[0] == (byte)'\n')
                return Encoding.UTF8.GetString(bytes.ToArray());
            bytes.Add(one[0]);
        }
        return bytes.Count == 0 ? null : Encoding.UTF8.GetString(bytes.ToArray());
    }
}
