using System.Net;
using BlocksterV2.Web.Tests.Support;
using static BlocksterV2.Web.Tests.Support.Http;

namespace BlocksterV2.Web.Tests;

/// <summary>
/// <c>GET /api/users</c> and <c>GET /api/posts</c> with <c>minBalance</c>, <c>maxBalance</c>, <c>updatedSince</c>, <c>limit</c>
/// and <c>after</c>: inclusive bounds, leaderboard order (or oldest update first), paging with <c>next</c> that returns
/// each record once, and a 400 naming the parameter for anything it cannot use. Each spec writes its rows in a balance
/// band of its own, so the rows other specs of this node wrote do not match its queries.
/// </summary>
public sealed class RangeQueryRouteSpecs(OpenNodeFixture node) : IClassFixture<OpenNodeFixture>
{
    private const string BalanceOrder = "bux_balance desc, updated_at, key";
    private readonly HttpClient _client = node.Client;

    public sealed record Page<T>(List<T> Items, string? Next, string Order);

    private static long Band() => 1_000_000_000L * Random.Shared.Next(1, 1_000_000);

    /// <summary>Follows <c>next</c> to the end, checking each page's size, and returns every item in the order served.</summary>
    private async Task<List<T>> AllPages<T>(string query, int limit, string expectedOrder)
    {
        var items = new List<T>();
        string? after = null;
        for (var pages = 0; ; pages++)
        {
            Assert.True(pages < 100, "paging did not end");
            var page = await _client.GetAsync(query + $"&limit={limit}" + (after is null ? "" : $"&after={after}")).Ok<Page<T>>();
            Assert.Equal(expectedOrder, page.Order);
            Assert.True(page.Items.Count <= limit);
            if (page.Next is not null)
                Assert.Equal(limit, page.Items.Count); // only the last page is short
            items.AddRange(page.Items);
            if (page.Next is null)
                return items;
            after = page.Next;
        }
    }

    /// <summary>Users with the given balances, created one after another (so equal balances differ in updated_at).</summary>
    private async Task<List<UserDto>> Users(long band, params long[] offsets)
    {
        var users = new List<UserDto>();
        foreach (var offset in offsets)
            users.Add(await _client.Credit(NewId("u:range"), band + offset).Ok<UserDto>());
        return users;
    }

    private static List<UserDto> InBalanceOrder(IEnumerable<UserDto> users) =>
        users.OrderByDescending(u => u.BuxBalance).ThenBy(u => u.UpdatedAt).ThenBy(u => u.UserId, StringComparer.Ordinal).ToList();

    [Fact]
    public async Task A_balance_range_includes_both_bounds_and_pages_in_leaderboard_order()
    {
        var band = Band();
        var users = await Users(band, 0, 1, 1, 3, 5, 5, 5, 2, 6, 4, 1);

        var paged = await AllPages<UserDto>($"/api/users?minBalance={band + 1}&maxBalance={band + 5}", limit: 3, BalanceOrder);

        var expected = InBalanceOrder(users.Where(u => u.BuxBalance >= band + 1 && u.BuxBalance <= band + 5));
        Assert.Equal(9, expected.Count);
        Assert.Equal(expected, paged);
        Assert.Equal(paged.Count, paged.Select(u => u.UserId).Distinct().Count());
    }

    [Fact]
    public async Task Min_equal_to_max_returns_exactly_that_balance()
    {
        var band = Band();
        var users = await Users(band, 7, 7, 8, 6);

        var page = await _client.GetAsync($"/api/users?minBalance={band + 7}&maxBalance={band + 7}", TestContext.Current.CancellationToken).Ok<Page<UserDto>>();

        Assert.Equal(InBalanceOrder(users.Take(2)), page.Items);
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task A_limit_that_fits_exactly_ends_without_a_next_cursor()
    {
        var band = Band();
        await Users(band, 1, 2, 3, 4);

        var page = await _client.GetAsync($"/api/users?minBalance={band}&maxBalance={band + 10}&limit=4", TestContext.Current.CancellationToken).Ok<Page<UserDto>>();

        Assert.Equal(4, page.Items.Count);
        Assert.Null(page.Next); // no empty last page to fetch
    }

    [Fact]
    public async Task Updated_since_alone_pages_oldest_first_from_the_inclusive_bound()
    {
        var band = Band();
        var users = await Users(band, 5, 1, 4, 2, 3, 9);
        var since = users[2].UpdatedAt; // a row's own updated_at: that row is included

        var paged = await AllPages<UserDto>($"/api/users?updatedSince={since:O}", limit: 2, "updated_at, key");

        // only this spec wrote since then (specs of one class run one at a time)
        Assert.Equal(users.Skip(2).ToList(), paged);
    }

    [Fact]
    public async Task Updated_since_with_a_balance_range_filters_in_balance_order()
    {
        var band = Band();
        var users = await Users(band, 3, 8, 1, 6, 7, 2);
        var since = users[2].UpdatedAt;

        var paged = await AllPages<UserDto>($"/api/users?minBalance={band + 2}&maxBalance={band + 7}&updatedSince={since:O}", limit: 1, BalanceOrder);

        Assert.Equal(InBalanceOrder(users.Skip(2).Where(u => u.BuxBalance >= band + 2 && u.BuxBalance <= band + 7)), paged);
        Assert.Equal(3, paged.Count);
    }

    [Fact]
    public async Task Posts_page_by_pool_balance_with_inclusive_bounds()
    {
        var band = Band();
        var posts = new List<PostDto>();
        foreach (var offset in new long[] { 2, 0, 4, 2, 5, 3, 1 })
        {
            var id = NewId("p:range");
            await _client.Configure(id, 1, 0).Ok<PostDto>();
            posts.Add(await _client.Deposit(id, band + offset).Ok<PostDto>());
        }

        var paged = await AllPages<PostDto>($"/api/posts?minBalance={band + 1}&maxBalance={band + 4}", limit: 2, BalanceOrder);

        var expected = posts.Where(p => p.BuxBalance >= band + 1 && p.BuxBalance <= band + 4)
            .OrderByDescending(p => p.BuxBalance).ThenBy(p => p.UpdatedAt).ThenBy(p => p.PostId, StringComparer.Ordinal).ToList();
        Assert.Equal(5, expected.Count);
        Assert.Equal(expected, paged);

        var since = posts[4].UpdatedAt;
        Assert.Equal(posts.Skip(4).ToList(), await AllPages<PostDto>($"/api/posts?updatedSince={since:O}", limit: 2, "updated_at, key"));
    }

    [Theory]
    [InlineData("minBalance=abc", "minBalance")]
    [InlineData("minBalance=-1", "minBalance")]
    [InlineData("minBalance=1.5", "minBalance")]
    [InlineData("maxBalance=-5", "maxBalance")]
    [InlineData("maxBalance=lots", "maxBalance")]
    [InlineData("maxBalance=9223372036854775808", "maxBalance")]
    [InlineData("minBalance=10&maxBalance=5", "minBalance")]
    [InlineData("updatedSince=yesterday", "updatedSince")]
    [InlineData("updatedSince=2026-13-45T00:00:00Z", "updatedSince")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("after=garbage", "after")]
    [InlineData("after=%25%25%25", "after")]
    [InlineData("after=", "after")]
    public async Task A_bad_parameter_is_a_400_naming_it(string query, string field)
    {
        await _client.GetAsync($"/api/users?{query}", TestContext.Current.CancellationToken).AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", field);
        await _client.GetAsync($"/api/posts?{query}", TestContext.Current.CancellationToken).AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", field);
    }

    [Fact]
    public async Task The_limit_bounds_themselves_are_accepted()
    {
        Assert.True((await _client.GetAsync("/api/users?limit=1", TestContext.Current.CancellationToken).Ok<Page<UserDto>>()).Items.Count <= 1);
        Assert.True((await _client.GetAsync("/api/users?limit=1000", TestContext.Current.CancellationToken).Ok<Page<UserDto>>()).Items.Count <= 1000);
    }

    [Fact]
    public async Task A_cursor_from_the_other_order_is_a_400()
    {
        var band = Band();
        var users = await Users(band, 1, 2, 3);
        var byUpdated = await _client.GetAsync($"/api/users?updatedSince={users[0].UpdatedAt:O}&limit=1", TestContext.Current.CancellationToken).Ok<Page<UserDto>>();
        var byBalance = await _client.GetAsync($"/api/users?minBalance={band}&limit=1", TestContext.Current.CancellationToken).Ok<Page<UserDto>>();
        Assert.NotNull(byUpdated.Next);
        Assert.NotNull(byBalance.Next);

        await _client.GetAsync($"/api/users?minBalance={band}&after={byUpdated.Next}", TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "after", "another order");
        await _client.GetAsync($"/api/users?updatedSince={users[0].UpdatedAt:O}&after={byBalance.Next}", TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "after", "another order");
    }
}
