namespace BlocksterV2.Node.Tests;

/// <summary>An open leaderboard stream never holds up the node's shutdown (Kestrel would wait for it up to 60 s).</summary>
public sealed class LeaderboardStreamShutdownSpecs : IDisposable
{
    private readonly TempDirectory _work = new();

    [Fact]
    public async Task SIGTERM_ends_open_streams_and_the_node_exits_0_promptly()
    {
        await using var node = await NodeProcess.StartReady(_work.Path, nodeName: null,
            new Dictionary<string, string> { ["Logging__LogLevel__BlocksterV2.Web.Api.LeaderboardStreamEndpoints"] = "Debug" });
        using var response = await node.Http.GetAsync("/api/leaderboard/stream", HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        var readDeadline = TimeSpan.FromSeconds(20);
        using var read = new CancellationTokenSource(readDeadline);

        node.Terminate();

        string rest;
        try
        {
            rest = await reader.ReadToEndAsync(read.Token);
        }
        catch (Exception e) when (read.IsCancellationRequested)
        {
            throw new TimeoutException($"the stream was still open {readDeadline.TotalSeconds:0}s after SIGTERM:\n{node.Output}", e);
        }
        // well inside the host's 60 s shutdown timeout, which an open response would otherwise use up
        await node.WaitForExit(TimeSpan.FromSeconds(20));
        Assert.Equal(0, node.ExitCode);
        Assert.Contains("data: {", rest);
        Assert.Contains("closed after 1 event(s): the node is stopping", node.Output);
    }

    public void Dispose() => _work.Dispose();
}
