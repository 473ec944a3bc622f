using System.Collections.Immutable;
using System.Net;
using BlocksterV2.Cluster.Leaderboard;
using BlocksterV2.Web.Tests.Support;

namespace BlocksterV2.Web.Tests;

/// <summary>
/// <c>GET /api/leaderboard/stream</c> and the <c>/leaderboard</c> page that follows it. The specs publish snapshots
/// to the node's <see cref="LeaderboardView"/> themselves, as the DistributedData feed does.
/// </summary>
public sealed class LeaderboardStreamSpecs(LeaderboardStreamFixture node) : IClassFixture<LeaderboardStreamFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private static readonly DateTime Noon = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    private readonly HttpClient _client = node.Client;

    /// <summary>The next snapshot after the current one, holding exactly these places (sorted as the board sorts).</summary>
    private LeaderboardSnapshot Board(params (string UserId, long Balance)[] places)
    {
        var current = node.View.Current;
        var entries = places
            .Select(p => new LeaderboardEntry(p.UserId, p.Balance, Noon, 1))
            .Order(LeaderboardOrder.Instance)
            .ToImmutableArray();
        return new LeaderboardSnapshot(current.Revision + 1, current.Size, entries);
    }

    [Fact]
    public async Task The_page_is_self_contained_html_that_follows_the_stream()
    {
        using var response = await _client.GetAsync("/leaderboard?top=5", TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("new EventSource(", html);
        Assert.Contains("api/leaderboard/stream", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.StartsWith("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-4")]
    [InlineData("1001")]
    public async Task A_bad_top_is_a_400_naming_top(string top)
    {
        string[] reason = ["top must be a whole number from 1 to 1000", $"not '{top}'"];
        await _client.GetAsync($"/api/leaderboard/stream?top={top}", TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "top", reason);
        await _client.GetAsync($"/leaderboard?top={top}", TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "top", reason);
    }

    [Fact]
    public async Task The_first_event_is_the_board_as_it_is_now()
    {
        var now = Board(("first-now", 30), ("second-now", 20), ("third-now", 10));
        node.View.Publish(now);

        await using var stream = await EventStream.Open(_client, "/api/leaderboard/stream?top=2");
        var first = await stream.Next(Deadline);

        Assert.Equal((2, now.Size, now.Revision), (first.Top, first.Size, first.Revision));
        Assert.Equal(
            [new StreamedRank(1, "first-now", 30, Noon), new StreamedRank(2, "second-now", 20, Noon)],
            first.Entries);
    }

    [Fact]
    public async Task A_published_change_is_sent_as_the_next_event_with_the_new_order()
    {
        node.View.Publish(Board(("alpha", 300), ("bravo", 200), ("charlie", 100)));
        await using var stream = await EventStream.Open(_client, "/api/leaderboard/stream");
        Assert.Equal(["alpha", "bravo", "charlie"], (await stream.Next(Deadline)).Order);

        node.View.Publish(Board(("alpha", 300), ("bravo", 200), ("charlie", 500)));
        var next = await stream.Next(Deadline);

        Assert.Equal(["charlie", "alpha", "bravo"], next.Order);
        Assert.Equal(new StreamedRank(1, "charlie", 500, Noon), next.Entries[0]);
    }

    [Fact]
    public async Task Changes_below_the_top_N_send_nothing_and_the_next_event_is_the_latest_board()
    {
        node.View.Publish(Board(("one", 30), ("two", 20), ("three", 10)));
        await using var stream = await EventStream.Open(_client, "/api/leaderboard/stream?top=2");
        await stream.Next(Deadline);

        node.View.Publish(Board(("one", 30), ("two", 20), ("three", 15)));
        var promoted = Board(("one", 30), ("two", 20), ("three", 25));
        node.View.Publish(promoted);
        var next = await stream.Next(Deadline);

        Assert.Equal(promoted.Revision, next.Revision);
        Assert.Equal(["one", "three"], next.Order);
    }

    [Fact]
    public async Task The_stream_ends_on_the_server_when_the_client_hangs_up()
    {
        // the other specs' streams end on the server shortly after they hang up
        await node.Streams.NoneOpen().WaitAsync(Deadline, TestContext.Current.CancellationToken);
        var stream = await EventStream.Open(_client, "/api/leaderboard/stream");
        await stream.Next(Deadline);
        Assert.Equal(1, node.Streams.Count);
        var ended = node.Streams.NoneOpen();

        await stream.DisposeAsync();

        await ended.WaitAsync(Deadline, TestContext.Current.CancellationToken);
    }
}

/// <summary>The stream, like every route that serves data, waits for the node to be ready; the page does not.</summary>
public sealed class LeaderboardStreamNotReadySpecs(NotReadyNodeFixture node) : IClassFixture<NotReadyNodeFixture>
{
    [Fact]
    public async Task The_stream_is_a_503_problem_and_the_page_still_loads()
    {
        await node.Client.GetAsync("/api/leaderboard/stream", TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.ServiceUnavailable, "NotReady", null, "not ready");
        using var page = await node.Client.GetAsync("/leaderboard", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }
}
