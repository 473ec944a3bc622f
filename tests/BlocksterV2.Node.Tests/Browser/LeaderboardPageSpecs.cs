using System.Net;

namespace BlocksterV2.Node.Tests.Browser;

/// <summary>A RAM-only node and a headless browser, shared by the specs of one class.</summary>
public sealed class NodeAndBrowser : IAsyncLifetime
{
    private readonly TempDirectory _work = new();

    public NodeProcess Node { get; private set; } = null!;

    public Chromium Chromium { get; private set; } = null!;

    public Uri Address => Node.Http.BaseAddress!;

    public async ValueTask InitializeAsync()
    {
        Chromium = await Chromium.Start();
        Node = await NodeProcess.StartReady(_work.Path, nodeName: null);
    }

    public async ValueTask DisposeAsync()
    {
        if (Node is not null)
            await Node.DisposeAsync();
        if (Chromium is not null)
            await Chromium.DisposeAsync();
        _work.Dispose();
    }
}

/// <summary>The live leaderboard page in a real browser against a real node: it follows credits without a reload.</summary>
public sealed class LeaderboardPageSpecs(NodeAndBrowser fixture) : IClassFixture<NodeAndBrowser>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_page_goes_live_and_passes_top_through_to_the_stream()
    {
        var page = await LiveLeaderboardPage.Open(fixture.Chromium, fixture.Address, "?top=3");

        await Eventually.True(async () => await page.Connection() == "live", Deadline, "the page to go live");
        await Eventually.True(async () => (await page.Summary()).StartsWith("Top 3 of", StringComparison.Ordinal), Deadline,
            "the page to show the top 3 it asked for");
    }

    [Fact]
    public async Task A_credited_user_moves_to_rank_1_on_the_open_page_highlighted_without_a_reload()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var (first, second, third) = ($"ada-{run}", $"bob-{run}", $"cy-{run}");
        await Credit(first, 300);
        await Credit(second, 200);
        await Credit(third, 100);
        var page = await LiveLeaderboardPage.Open(fixture.Chromium, fixture.Address);

        await ShowsInOrder(page, (first, 300), (second, 200), (third, 100));
        await page.Browser.Evaluate<string>("window.specMarker = 'loaded once'");
        await page.RecordHighlights();
        await Credit(third, 500);

        await ShowsInOrder(page, (third, 600), (first, 300), (second, 200));
        Assert.Equal("loaded once", await page.Browser.Evaluate<string>("window.specMarker"));
        Assert.Contains($"{third} up", await page.Highlights());
    }

    private async Task Credit(string userId, long amount) =>
        Assert.Equal(HttpStatusCode.OK, await fixture.Node.Http.Credit(userId, amount, key: $"credit-{userId}-{amount}").Status());

    private static async Task ShowsInOrder(LiveLeaderboardPage page, params (string UserId, long Balance)[] expected)
    {
        var users = expected.Select(e => e.UserId).ToHashSet();
        var wanted = expected.Select((e, i) => new ShownRank(e.UserId, i + 1, e.Balance)).ToList();
        var seen = "nothing yet";
        await Eventually.True(async () =>
            {
                seen = await page.Describe();
                return (await page.Rows()).Where(row => users.Contains(row.UserId)).SequenceEqual(wanted);
            },
            Deadline, () => $"the page to show [{string.Join(", ", wanted)}]; it shows {seen}");
    }
}
