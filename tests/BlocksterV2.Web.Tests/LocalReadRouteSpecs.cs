using System.Net;
using System.Net.Http.Json;
using BlocksterV2.Web.Tests.Support;
using static BlocksterV2.Web.Tests.Support.Http;

namespace BlocksterV2.Web.Tests;

/// <summary>
/// <c>GET /api/users/{id}?consistency=local</c> and <c>/api/posts/{id}?consistency=local</c>: the dirty read from
/// this node's table gives what the entity gives once the write was answered; errors name what was wrong.
/// </summary>
public sealed class LocalReadRouteSpecs(OpenNodeFixture node) : IClassFixture<OpenNodeFixture>
{
    private readonly HttpClient _client = node.Client;

    private const string Wallet = TestData.Wallet;

    private Task<UserDto> LocalUser(string id) => _client.GetAsync($"/api/users/{id}?consistency=local").Ok<UserDto>();

    private Task<PostDto> LocalPost(string id) => _client.GetAsync($"/api/posts/{id}?consistency=local").Ok<PostDto>();

    [Fact]
    public async Task A_local_user_read_equals_the_entity_read_after_each_write()
    {
        var id = NewId("u:local");

        // read straight after each acknowledged write: no waiting, the table is fed before the reply
        Assert.Equal(await _client.Credit(id, 40).Ok<UserDto>(), await LocalUser(id));
        Assert.Equal(await _client.Debit(id, 15).Ok<UserDto>(), await LocalUser(id));
        Assert.Equal(await _client.PutAsJsonAsync($"/api/users/{id}/wallet", new { wallet = Wallet }, TestContext.Current.CancellationToken).Ok<UserDto>(), await LocalUser(id));
        var written = await _client.PutAsJsonAsync($"/api/users/{id}",
            new { expectedVersion = 3, userSmartWallet = Wallet, buxBalance = 7, extraField1 = "a", extraField3 = "", extraField4 = "ü" }, TestContext.Current.CancellationToken).Ok<UserDto>();
        Assert.Equal(written, await LocalUser(id));

        var local = await LocalUser(id);
        Assert.Equal(await _client.GetUser(id), local);
        Assert.Equal(await _client.GetAsync($"/api/users/{id}?consistency=entity", TestContext.Current.CancellationToken).Ok<UserDto>(), local);
        Assert.Equal((Wallet, 7L, "a", (string?)null, "", "ü", 4L),
            (local.UserSmartWallet, local.BuxBalance, local.ExtraField1, local.ExtraField2, local.ExtraField3, local.ExtraField4, local.Version));
    }

    [Fact]
    public async Task A_local_post_read_equals_the_entity_read_after_each_write()
    {
        var postId = NewId("p:local");
        var reader = NewId("reader");

        Assert.Equal(await _client.Configure(postId, 10, 30).Ok<PostDto>(), await LocalPost(postId));
        Assert.Equal(await _client.Deposit(postId, 100).Ok<PostDto>(), await LocalPost(postId));
        await _client.Read(postId, reader, 45).Ok<ReadRewardedDto>();

        var local = await LocalPost(postId);
        Assert.Equal(await _client.GetPost(postId), local);
        Assert.Equal((90L, 100L), (local.BuxBalance, local.BuxDeposited));
        Assert.Equal(await _client.GetUser(reader), await LocalUser(reader)); // the reward's other half
    }

    [Fact]
    public async Task An_unknown_id_is_a_404_naming_the_local_copy()
    {
        await _client.GetAsync("/api/users/nobody-here?consistency=local", TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.NotFound, "NotFound", "userId", "nobody-here", "this node's copy of user_bux_points");
        await _client.GetAsync("/api/posts/no-post-here?consistency=local", TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.NotFound, "NotFound", "postId", "no-post-here", "this node's copy of post_bux_points");
    }

    [Theory]
    [InlineData("users", "LOCAL")]
    [InlineData("users", "dirty")]
    [InlineData("users", "")]
    [InlineData("posts", "eventual")]
    public async Task An_unknown_consistency_is_a_400_naming_the_parameter(string route, string consistency)
    {
        await _client.GetAsync($"/api/{route}/someone?consistency={consistency}", TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "consistency", "'entity'", "'local'");
    }

    [Theory]
    [InlineData("users", "userId", "bad!id")]
    [InlineData("users", "userId", "has%20space")]
    [InlineData("posts", "postId", "bad!id")]
    public async Task A_malformed_id_is_a_400_naming_the_id(string route, string field, string id)
    {
        await _client.GetAsync($"/api/{route}/{id}?consistency=local", TestContext.Current.CancellationToken).AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", field);
    }

    [Fact]
    public async Task An_id_longer_than_128_characters_is_a_400()
    {
        await _client.GetAsync($"/api/users/{new string('a', 129)}?consistency=local", TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "userId", "128");
    }
}
