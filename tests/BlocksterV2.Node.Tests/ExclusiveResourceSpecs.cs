using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BlocksterV2.Node.Tests;

/// <summary>
/// What one node process owns alone, against real processes: its data directory and its remoting port. A second
/// process refuses in one line and exit code 1, and the first goes on serving.
/// </summary>
public sealed class ExclusiveResourceSpecs : IDisposable
{
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _work = new();

    [Fact]
    public async Task A_second_process_on_the_same_data_directory_exits_1_naming_the_directory_and_the_holders_pid()
    {
        await using var first = await NodeProcess.StartReady(_work.Path, "shared");
        Assert.Equal(HttpStatusCode.OK, await first.Http.Credit("owner-user", 3, key: "k1").Status());

        await using var second = NodeProcess.Start(_work.Path, "shared");
        await second.WaitForExit(ExitDeadline);

        Assert.Equal(1, second.ExitCode);
        var directory = Path.Combine(_work.Path, "data", "shared");
        Assert.Contains($"Refusing to start: the data directory {directory} is in use by another node process (pid {first.Pid})", second.Output);
        Assert.DoesNotContain("Unhandled exception", second.Output);
        Assert.Equal(3, await first.Http.UserBalance("owner-user"));
        Assert.Equal(HttpStatusCode.OK, await first.Http.Credit("owner-user", 4, key: "k2").Status());
        Assert.Equal(7, await first.Http.UserBalance("owner-user"));
    }

    [Fact]
    public async Task The_data_directory_is_free_again_once_its_holder_is_killed()
    {
        await using (var first = await NodeProcess.StartReady(_work.Path, "reborn"))
        {
            Assert.Equal(HttpStatusCode.OK, await first.Http.Credit("kept-user", 5, key: "k1").Status());
            await first.Kill();
        }

        await using var next = await NodeProcess.StartReady(_work.Path, "reborn");
        Assert.Equal(5, await next.Http.UserBalance("kept-user"));
    }

    [Fact]
    public async Task A_remoting_port_already_bound_is_one_line_and_exit_code_1()
    {
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        // what a node's remoting listener does on Linux: .NET binds listeners with SO_REUSEPORT
        holder.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        holder.Listen();
        var port = ((IPEndPoint)holder.LocalEndPoint!).Port;

        await using var node = NodeProcess.Start(_work.Path, "remoting-taken", endpoint: new NodeEndpoint("127.0.0.1", FreePorts.Tcp(), port));
        await node.WaitForExit(ExitDeadline);

        Assert.Equal(1, node.ExitCode);
        Assert.Contains($"Refusing to start: the remoting port 127.0.0.1:{port} is already in use by another process", node.Output);
        Assert.DoesNotContain("Unhandled exception", node.Output);
    }

    [Fact]
    public async Task A_chunked_body_larger_than_any_route_takes_is_a_413_problem_from_the_real_server()
    {
        await using var node = await NodeProcess.StartReady(_work.Path, nodeName: null);
        var body = new StringBuilder("{\"amount\":1,\"reason\":\"").Append('x', 100_000).Append("\"}").ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/users/chunky/credit")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TransferEncodingChunked = true; // no Content-Length: only Kestrel's limit can stop it, while it is read
        request.Content.Headers.ContentLength = null;

        using var response = await node.Http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("\"code\":\"BodyTooLarge\"", text);
        Assert.Contains("65536 bytes", text);
        Assert.Null(await node.Http.UserBalance("chunky"));
    }

    public void Dispose() => _work.Dispose();
}
