using System.Net;

namespace BlocksterV2.Node.Tests.Browser;

/// <summary>The open page outlives its node: it says it is reconnecting, then follows the restarted node.</summary>
public sealed class LeaderboardPageReconnectSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _work = new();
    private Chromium? _chromium;
    private NodeProcess? _node;

    public async ValueTask InitializeAsync() => _chromium = await Chromium.Start();

    [Fact]
    public async Task The_page_shows_reconnecting_while_the_node_is_down_and_goes_live_again_by_itself()
    {
        _node = await NodeProcess.StartReady(_work.Path, nodeName: null);
        var endpoint = _node.Endpoint;
        var page = await LiveLeaderboardPage.Open(_chromium!, _node.Http.BaseAddress!);
        await Eventually.True(async () => await page.Connection() == "live", Deadline, "the page to go live");

        await _node.DisposeAsync();
        await Eventually.True(async () => await page.Connection() == "reconnecting", Deadline, "the page to show it lost the node");

        _node = NodeProcess.Start(_work.Path, nodeName: null, endpoint: endpoint);
        await _node.WaitUntilReady();
        Assert.Equal(HttpStatusCode.OK, await _node.Http.Credit("after-restart", 5, key: "after-restart").Status());

        await Eventually.True(async () => await page.Connection() == "live", Deadline, "the page to reconnect to the restarted node");
        await Eventually.True(async () => (await page.Rows()).Any(row => row.UserId == "after-restart"), Deadline,
            "the page to show the restarted node's board");
    }

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
            await _node.DisposeAsync();
        if (_chromium is not null)
            await _chromium.DisposeAsync();
        _work.Dispose();
    }
}
