using System.Net;

namespace BlocksterV2.Node.Tests;

/// <summary>The startup modes of the Elixir service this store replaces (its MnesiaInitializer), against the real process.</summary>
public sealed class StartupModeSpecs : IDisposable
{
    private readonly TempDirectory _work = new();

    [Fact]
    public async Task Without_a_node_name_the_node_runs_RAM_only_warns_twice_and_forgets_everything_on_restart()
    {
        await using (var node = await NodeProcess.StartReady(_work.Path, nodeName: null))
        {
            Assert.Equal(HttpStatusCode.OK, await node.Http.Credit("ram-user", 7, key: "k1").Status());
            Assert.Equal(7, await node.Http.UserBalance("ram-user"));
            Assert.Contains("running RAM-only", node.Output);
            Assert.Contains("All BUX data is LOST when this process stops", node.Output);
            Assert.Contains("--sname node1", node.Output);
        }

        await using var restarted = await NodeProcess.StartReady(_work.Path, nodeName: null);
        Assert.Null(await restarted.Http.UserBalance("ram-user"));
        Assert.False(Directory.Exists(Path.Combine(_work.Path, "data")), "a RAM-only node must not create a data directory");
    }

    [Fact]
    public async Task With_a_node_name_the_node_keeps_its_data_under_data_node_name_across_restarts()
    {
        await using (var node = await NodeProcess.StartReady(_work.Path, "keeper"))
        {
            Assert.Equal(HttpStatusCode.OK, await node.Http.Credit("disc-user", 9, key: "k1").Status());
            Assert.DoesNotContain("RAM-only", node.Output);
        }

        Assert.True(File.Exists(Path.Combine(_work.Path, "data", "keeper", "bux.db")));
        await using var restarted = await NodeProcess.StartReady(_work.Path, "keeper");
        Assert.Equal(9, await restarted.Http.UserBalance("disc-user"));
    }

    [Fact]
    public async Task In_Production_the_node_refuses_to_start_without_an_api_key()
    {
        await using var node = NodeProcess.Start(_work.Path, "prod", new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" });
        await node.WaitForExit(TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, node.ExitCode);
        Assert.Contains("Refusing to start in Production without an API key", node.Output);
    }

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task A_taken_http_port_is_one_line_and_exit_code_1()
    {
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, FreePorts.Tcp());
        holder.Start();
        var port = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port;

        await using var node = NodeProcess.Start(_work.Path, "port-taken", endpoint: new NodeEndpoint("127.0.0.1", port, 0));
        await node.WaitForExit(TimeSpan.FromSeconds(60));

        Assert.Equal(1, node.ExitCode);
        Assert.Contains($"Refusing to start: Failed to bind to address http://127.0.0.1:{port}", node.Output);
        Assert.DoesNotContain("Unhandled exception", node.Output);
    }
}
