using System.Diagnostics;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using BlocksterV2.Web.Api;

namespace BlocksterV2.Node.Tests.MultiNode;

/// <summary>The operator's scripts under infra/local-cluster start a 3-node cluster with dnsmasq and stop it cleanly.</summary>
[Collection(MultiNodeCollection.Name)]
public sealed class LocalClusterScriptSpecs : IDisposable
{
    private const string ApiKey = "local-cluster-spec-key";
    private static readonly string[] Hosts = ["127.0.0.2", "127.0.0.3", "127.0.0.4"];
    private readonly TempDirectory _state = new();
    private readonly int _httpPort = FreePorts.Tcp();
    private readonly Dictionary<string, string> _environment;

    public LocalClusterScriptSpecs()
    {
        _environment = new Dictionary<string, string>
        {
            ["BUX_CLUSTER_DIR"] = _state.Path,
            ["BUX_NODE_DLL"] = Path.Combine(AppContext.BaseDirectory, "BlocksterV2.Web.dll"),
            ["BUX_HTTP_PORT"] = _httpPort.ToString(),
            ["BUX_REMOTING_PORT"] = FreePorts.Tcp().ToString(),
            ["BUX_DNS_PORT"] = FreePorts.Tcp().ToString(),
            // reaches the nodes: status.sh must show the key-guarded cluster view all the same
            ["Bux__ApiKey"] = ApiKey,
        };
    }

    [Fact]
    public async Task Start_forms_one_cluster_of_three_ready_nodes_status_shows_it_and_stop_leaves_no_process_behind()
    {
        try
        {
            var (startCode, startOutput) = await Run("start.sh");
            Assert.True(startCode == 0, $"start.sh exited {startCode}:\n{startOutput}");
            Assert.Contains("all 3 nodes ready", startOutput);

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
            // Ready means this member is Up; the others' Up reaches each node with the next gossip rounds.
            foreach (var host in Hosts)
            {
                var upSeen = 0;
                await Eventually.True(async () =>
                {
                    var view = await http.GetFromJsonAsync<ClusterView>($"http://{host}:{_httpPort}/api/cluster");
                    upSeen = view!.Members.Count(m => m.Status == "Up" && m.Reachable);
                    return upSeen == 3;
                }, TimeSpan.FromSeconds(15), () => $"{host} to see 3 members Up and reachable (last saw {upSeen})");
            }

            _environment.Remove("Bux__ApiKey"); // status.sh takes the key the nodes were started with
            var (statusCode, statusOutput) = await Run("status.sh");
            Assert.True(statusCode == 0, $"status.sh exited {statusCode}:\n{statusOutput}");
            Assert.Equal(3, statusOutput.Split('\n').Count(line => line.Contains("self Up")));
        }
        finally
        {
            var (stopCode, stopOutput) = await Run("stop.sh");
            Assert.True(stopCode == 0, $"stop.sh exited {stopCode}:\n{stopOutput}");
        }

        foreach (var pidFile in Directory.GetFiles(Path.Combine(_state.Path, "pids"), "*.pid"))
        {
            var pid = int.Parse(File.ReadAllText(pidFile).Trim());
            Assert.False(IsRunning(pid), $"{Path.GetFileName(pidFile)}: process {pid} still runs after stop.sh");
        }
        foreach (var exitFile in Directory.GetFiles(Path.Combine(_state.Path, "pids"), "node*.exit"))
            Assert.Equal("0", File.ReadAllText(exitFile).Trim());
    }

    private async Task<(int Code, string Output)> Run(string script)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "infra", "local-cluster", script));
        foreach (var (key, value) in _environment)
            start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Found from this source file's path: the test binaries may be built outside the repository (--artifacts-path).</summary>
    private static string RepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        for (var dir = new FileInfo(sourceFile).Directory; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BlocksterV2.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no BlocksterV2.sln above {sourceFile}");
    }

    public void Dispose() => _state.Dispose();
}
