using System.Net;
using BlocksterV2.Web.Tests.Support;
using static BlocksterV2.Web.Tests.Support.Http;

namespace BlocksterV2.Web.Tests;

/// <summary>
/// <c>GET /api/leaderboard/users/{id}</c> (a rank from this node's balance index) and the parameter handling of
/// <c>GET /api/leaderboard?top=N</c>; the board's contents are the leaderboard property specs' business, except that
/// fresh credits reach its top within a deadline.
/// </summary>
public sealed class LeaderboardRouteSpecs(OpenNodeFixture node) : IClassFixture<OpenNodeFixture>
{
    private const int K = 1000; // Bux:Leaderboard:Size, default
    private readonly HttpClient _client = node.Client;

    public sealed record RankDto(string UserId, long Rank, long Balance, DateTime UpdatedAt, int Of);

    public sealed record RankedDto(long Rank, string UserId, long Balance, DateTime UpdatedAt);

    public sealed record BoardDto(int Top, int Size, long Revision, List<RankedDto> Entries);

    public sealed record UsersPage(List<UserDto> Items, string? Next, string Order);

    private Task<RankDto> Rank(string id) => _client.GetAsync($"/api/leaderboard/users/{id}").Ok<RankDto>();

    [Fact]
    public async Task A_rank_is_the_place_in_balance_order_with_ties_to_the_earlier_update()
    {
        var band = 1_000_000_000L * Random.Shared.Next(1, 1_000_000);
        var top = await _client.Credit(NewId("u:rank"), band + 2).Ok<UserDto>();
        var tiedFirst = await _client.Credit(NewId("u:rank"), band + 1).Ok<UserDto>();
        var tiedSecond = await _client.Credit(NewId("u:rank"), band + 1).Ok<UserDto>();

        // the users above this band, counted through the range query
        var above = (await _client.GetAsync($"/api/users?minBalance={band + 3}&limit=1000", TestContext.Current.CancellationToken).Ok<UsersPage>()).Items.Count;

        var ranks = new[] { await Rank(top.UserId), await Rank(tiedFirst.UserId), await Rank(tiedSecond.UserId) };
        Assert.Equal([above + 1L, above + 2L, above + 3L], ranks.Select(r => r.Rank));
        Assert.Equal([band + 2, band + 1, band + 1], ranks.Select(r => r.Balance));
        Assert.Equal(tiedSecond.UpdatedAt, ranks[2].UpdatedAt);
        Assert.All(ranks, r => Assert.True(r.Of >= 3));

        // a debit moves the user down past the users it now trails
        await _client.Debit(top.UserId, 2).Ok<UserDto>();
        Assert.Equal(above + 3L, (await Rank(top.UserId)).Rank);
        Assert.Equal(above + 1L, (await Rank(tiedFirst.UserId)).Rank);
    }

    [Fact]
    public async Task An_unknown_user_is_a_404_and_a_malformed_id_a_400()
    {
        await _client.GetAsync("/api/leaderboard/users/never-credited", TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.NotFound, "NotFound", "userId", "never-credited", "user_bux_points");
        await _client.GetAsync("/api/leaderboard/users/bad!id", TestContext.Current.CancellationToken).AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "userId");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("-3")]
    [InlineData("ten")]
    [InlineData("2.5")]
    public async Task A_top_outside_1_to_K_or_not_a_number_is_a_400(string top)
    {
        await _client.GetAsync($"/api/leaderboard?top={top}", TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "top", $"1 to {K}");
    }

    [Fact]
    public async Task Top_defaults_to_10_and_accepts_1_and_K()
    {
        Assert.Equal((10, K), await TopAndSize("/api/leaderboard"));
        Assert.Equal((1, K), await TopAndSize("/api/leaderboard?top=1"));
        Assert.Equal((K, K), await TopAndSize($"/api/leaderboard?top={K}"));
    }

    private async Task<(int Top, int Size)> TopAndSize(string url)
    {
        var board = await _client.GetAsync(url).Ok<BoardDto>();
        Assert.True(board.Entries.Count <= board.Top);
        return (board.Top, board.Size);
    }

    [Fact]
    public async Task Fresh_credits_reach_the_top_of_the_board_within_a_deadline()
    {
        // above anything other specs credit
        var richest = new[] { NewId("u:top"), NewId("u:top"), NewId("u:top") };
        for (var i = 0; i < richest.Length; i++)
            await _client.Credit(richest[i], 4_000_000_000_000_000_000L - i).Ok<UserDto>();

        BoardDto? board = null;
        await Eventually.True(async () =>
        {
            board = await _client.GetAsync("/api/leaderboard?top=3", TestContext.Current.CancellationToken).Ok<BoardDto>();
            return board.Entries.Select(e => e.UserId).SequenceEqual(richest);
        }, TimeSpan.FromSeconds(10), () => $"the three richest on top; the board shows [{string.Join(", ", board?.Entries.Select(e => e.UserId) ?? [])}]");
        Assert.NotNull(board);
        Assert.Equal(richest, board.Entries.Select(e => e.UserId));
        Assert.Equal([1L, 2L, 3L], board.Entries.Select(e => e.Rank));
        Assert.Equal(3, board.Top);
    }
}
