using System.Net;
using System.Net.Http.Json;
using BlocksterV2.Cluster.Hosting;
using BlocksterV2.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static BlocksterV2.Web.Tests.Support.Http;

namespace BlocksterV2.Web.Tests;

/// <summary>A node with <c>Bux:ApiKey</c> configured: mutating routes need <c>X-Api-Key</c>, reads do not.</summary>
public sealed class ApiKeySpecs(KeyedNodeFixture node) : IClassFixture<KeyedNodeFixture>
{
    private const string Header = "X-Api-Key";
    private readonly HttpClient _client = node.Client;

    public static TheoryData<string, string, string> MutatingRoutes => new()
    {
        { "PUT", "/api/users/{user}", """{"expectedVersion":0,"buxBalance":5}""" },
        { "PUT", "/api/users/{user}/wallet", """{"wallet":"0x00112233445566778899aabbccddeeff00112233"}""" },
        { "POST", "/api/users/{user}/credit", """{"amount":5,"reason":"x"}""" },
        { "POST", "/api/users/{user}/debit", """{"amount":5,"reason":"x"}""" },
        { "PUT", "/api/posts/{post}/settings", """{"reward":1,"readTime":0}""" },
        { "POST", "/api/posts/{post}/deposit", """{"amount":5}""" },
        { "POST", "/api/posts/{post}/reads", """{"userId":"reader-1","secondsRead":5}""" },
    };

    private static HttpRequestMessage Request(string method, string route, string body, string user, string post) =>
        new(new HttpMethod(method), route.Replace("{user}", user).Replace("{post}", post)) { Content = RawJson(body) };

    [Fact]
    public void Program_binds_the_key_from_configuration_and_does_not_warn_about_a_missing_key()
    {
        var options = node.Factory.Services.GetRequiredService<IOptions<BuxNodeOptions>>().Value;

        Assert.Equal(KeyedNodeFixture.ApiKey, options.ApiKey);
        // Program logs this line after it has read the Bux section itself; the warning would be there if it had not seen the key.
        Assert.Contains(node.Logs.Lines, l => l.Contains("BUX node nonode@nohost storing in RAM only"));
        Assert.DoesNotContain(node.Logs.Lines, l => l.Contains("No API key configured"));
    }

    [Theory]
    [MemberData(nameof(MutatingRoutes))]
    public async Task Mutating_route_without_the_key_is_a_401_problem(string method, string route, string body)
    {
        using var request = Request(method, route, body, NewId("user"), NewId("post"));

        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);

        await response.AssertProblem(HttpStatusCode.Unauthorized, "MissingApiKey", Header, "needs the X-Api-Key header");
    }

    [Theory]
    [MemberData(nameof(MutatingRoutes))]
    public async Task Mutating_route_with_a_wrong_key_is_a_401_problem(string method, string route, string body)
    {
        using var client = node.ClientWithKey(KeyedNodeFixture.ApiKey + "x");
        using var request = Request(method, route, body, NewId("user"), NewId("post"));

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        await response.AssertProblem(HttpStatusCode.Unauthorized, "WrongApiKey", Header, "does not match");
    }

    [Fact]
    public async Task Mutating_routes_with_the_right_key_succeed()
    {
        using var client = node.ClientWithKey(KeyedNodeFixture.ApiKey);
        var userId = NewId("user");
        var postId = NewId("post");

        await client.PutAsJsonAsync($"/api/users/{userId}", new { expectedVersion = 0, buxBalance = 5 }, TestContext.Current.CancellationToken).Ok<UserDto>();
        await client.PutAsJsonAsync($"/api/users/{userId}/wallet", new { wallet = "0x00112233445566778899aabbccddeeff00112233" }, TestContext.Current.CancellationToken).Ok<UserDto>();
        await client.Credit(userId, 5).Ok<UserDto>();
        var debited = await client.Debit(userId, 3).Ok<UserDto>();
        await client.Configure(postId, 2, 0).Ok<PostDto>();
        await client.Deposit(postId, 4).Ok<PostDto>();
        var read = await client.Read(postId, userId, 1).Ok<ReadRewardedDto>();

        Assert.Equal(7, debited.BuxBalance);
        Assert.Equal(new ReadRewardedDto(postId, userId, 2, 2, 9), read);
    }

    [Fact]
    public async Task Read_routes_need_no_key()
    {
        using var keyed = node.ClientWithKey(KeyedNodeFixture.ApiKey);
        var userId = NewId("user");
        var postId = NewId("post");
        await keyed.Credit(userId, 12).Ok<UserDto>();
        await keyed.Deposit(postId, 30).Ok<PostDto>();

        Assert.Equal(12, (await _client.GetUser(userId)).BuxBalance);
        Assert.Equal(30, (await _client.GetPost(postId)).BuxBalance);
        foreach (var path in new[] { "/api/tables", "/api/tables/user_bux_points", "/health/live", "/health/ready", "/openapi/v1.json" })
        {
            using var response = await _client.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} without a key: {(int)response.StatusCode}");
        }
        await _client.GetAsync($"/api/users/{NewId("ghost")}", TestContext.Current.CancellationToken).AssertProblem(HttpStatusCode.NotFound, "NotFound", "userId");
    }

    [Fact]
    public async Task Without_the_key_the_tables_show_definitions_and_sizes_but_not_the_nodes_address_or_file_paths()
    {
        using var keyed = node.ClientWithKey(KeyedNodeFixture.ApiKey);
        await keyed.Credit(NewId("user"), 3).Ok<UserDto>();

        foreach (var path in new[] { "/api/tables", "/api/tables/user_bux_points" })
        {
            var open = await (await _client.GetAsync(path, TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            var full = await (await keyed.GetAsync(path, TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

            Assert.Contains("\"user_bux_points\"", open);
            Assert.Contains("\"size\":", open);
            Assert.DoesNotContain("akka.tcp://", open);
            Assert.DoesNotContain("bux.db", open);
            Assert.DoesNotContain("\"digest\"", open);
            Assert.Contains("akka.tcp://", full);
        }
    }

    [Fact]
    public async Task Refused_requests_change_nothing()
    {
        using var keyed = node.ClientWithKey(KeyedNodeFixture.ApiKey);
        using var wrong = node.ClientWithKey("not-the-key");
        var userId = NewId("user");
        var postId = NewId("post");
        var user = await keyed.Credit(userId, 10).Ok<UserDto>();
        await keyed.Configure(postId, 5, 0).Ok<PostDto>();
        var post = await keyed.Deposit(postId, 20).Ok<PostDto>();

        await _client.Credit(userId, 100).AssertProblem(HttpStatusCode.Unauthorized, "MissingApiKey", Header);
        await wrong.Credit(userId, 100).AssertProblem(HttpStatusCode.Unauthorized, "WrongApiKey", Header);
        await wrong.Debit(userId, 10).AssertProblem(HttpStatusCode.Unauthorized, "WrongApiKey", Header);
        await _client.PutAsJsonAsync($"/api/users/{userId}", new { expectedVersion = user.Version, buxBalance = 1_000_000 }, TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.Unauthorized, "MissingApiKey", Header);
        await wrong.Deposit(postId, 1000).AssertProblem(HttpStatusCode.Unauthorized, "WrongApiKey", Header);
        await _client.Read(postId, userId, 10).AssertProblem(HttpStatusCode.Unauthorized, "MissingApiKey", Header);

        Assert.Equal(user, await _client.GetUser(userId));
        Assert.Equal(post, await _client.GetPost(postId));
    }

    [Theory]
    [InlineData("""{"amount": 5,,}""")]
    [InlineData("""{"amount": "ten"}""")]
    [InlineData("")]
    public async Task Mutating_route_without_the_key_is_refused_with_401_before_the_body_is_examined(string body)
    {
        // A client without the key must learn nothing about the route's input contract: 401, not a 400 naming a field.
        await _client.PostAsync($"/api/users/{NewId("user")}/credit", RawJson(body), TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.Unauthorized, "MissingApiKey", Header);
    }

    [Fact]
    public async Task Key_comparison_is_exact()
    {
        using var upper = node.ClientWithKey(KeyedNodeFixture.ApiKey.ToUpperInvariant());
        using var prefix = node.ClientWithKey(KeyedNodeFixture.ApiKey[..^1]);
        var userId = NewId("user");

        await upper.Credit(userId, 1).AssertProblem(HttpStatusCode.Unauthorized, "WrongApiKey", Header);
        await prefix.Credit(userId, 1).AssertProblem(HttpStatusCode.Unauthorized, "WrongApiKey", Header);

        await _client.GetAsync($"/api/users/{userId}", TestContext.Current.CancellationToken).AssertProblem(HttpStatusCode.NotFound, "NotFound", "userId");
    }
}
