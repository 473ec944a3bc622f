namespace BlocksterV2.Node.Tests.Browser;

/// <summary>What the <c>/leaderboard</c> page shows, read from the stable attributes it gives its rows.</summary>
public sealed class LiveLeaderboardPage(BrowserPage page)
{
    public static async Task<LiveLeaderboardPage> Open(Chromium chromium, Uri node, string query = "")
    {
        var page = await chromium.OpenPage();
        await page.Navigate(new Uri(node, "/leaderboard" + query).ToString());
        return new LiveLeaderboardPage(page);
    }

    public BrowserPage Browser => page;

    /// <summary><c>connecting</c>, <c>live</c> or <c>reconnecting</c>.</summary>
    public Task<string> Connection() => page.Evaluate<string>("document.getElementById('connection').dataset.state");

    public Task<string> Summary() => page.Evaluate<string>("document.getElementById('summary').textContent");

    public Task<List<ShownRank>> Rows() => page.Evaluate<List<ShownRank>>(
        "Array.from(document.querySelectorAll('#entries tr[data-user-id]'), row => " +
        "({ userId: row.dataset.userId, rank: Number(row.dataset.rank), balance: Number(row.dataset.balance) }))");

    /// <summary>
    /// From now on, records every row the page renders with a movement mark (up, down, new), so a spec can see a
    /// highlight however briefly it lasts.
    /// </summary>
    public Task RecordHighlights() => page.Evaluate<bool>("""
        window.highlights = [];
        new MutationObserver(changes => changes.forEach(change => change.addedNodes.forEach(row => {
            if (row.dataset && row.dataset.moved) window.highlights.push(row.dataset.userId + ' ' + row.dataset.moved);
        }))).observe(document.getElementById('entries'), { childList: true });
        true
        """);

    public Task<List<string>> Highlights() => page.Evaluate<List<string>>("window.highlights");

    /// <summary>What the page shows right now, for a deadline's message.</summary>
    public async Task<string> Describe()
    {
        try
        {
            return $"connection {await Connection()}, rows [{string.Join(", ", await Rows())}]";
        }
        catch (Exception e)
        {
            return $"the page could not be read: {e.Message}";
        }
    }
}

public sealed record ShownRank(string UserId, int Rank, long Balance)
{
    public override string ToString() => $"{Rank}. {UserId} {Balance}";
}
