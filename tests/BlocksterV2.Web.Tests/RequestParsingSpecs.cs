using System.Net;
using System.Net.Http.Json;
using BlocksterV2.Web.Tests.Support;
using static BlocksterV2.Web.Tests.Support.Http;

namespace BlocksterV2.Web.Tests;

/// <summary>
/// Every request body is read one way: what a proxy or a log sees is what the node does. Each refusal is a 400
/// naming the field, and the request changes nothing.
/// </summary>
public sealed class RequestParsingSpecs(OpenNodeFixture node) : IClassFixture<OpenNodeFixture>
{
    private readonly HttpClient _client = node.Client;

    [Fact]
    public async Task A_duplicate_key_is_a_400_naming_it_and_credits_nothing()
    {
        var id = NewId("user");

        await _client.PostAsync($"/api/users/{id}/credit", RawJson("""{"amount":1,"amount":50}"""), TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "amount", "'amount'", "more than once");

        await _client.GetAsync($"/api/users/{id}", TestContext.Current.CancellationToken).AssertProblem(HttpStatusCode.NotFound, "NotFound", "userId");
    }

    [Theory]
    [InlineData("""{"amount":5,"amout":5}""", "amout")]
    [InlineData("""{"Amount":5}""", "Amount")]
    [InlineData("""{"amount":5,"AMOUNT":7}""", "AMOUNT")]
    public async Task An_unknown_or_case_variant_field_is_a_400_naming_it_and_credits_nothing(string json, string field)
    {
        var id = NewId("user");

        await _client.PostAsync($"/api/users/{id}/credit", RawJson(json), TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", field, $"'{field}'", "not a field of this route");

        await _client.GetAsync($"/api/users/{id}", TestContext.Current.CancellationToken).AssertProblem(HttpStatusCode.NotFound, "NotFound", "userId");
    }

    [Theory]
    [InlineData("/credit", """{"amount":"5"}""", "amount")]
    [InlineData("", """{"expectedVersion":"0","buxBalance":1}""", "expectedVersion")]
    public async Task A_number_sent_as_a_string_is_a_400_naming_the_field(string route, string json, string field)
    {
        var id = NewId("user");
        using var request = new HttpRequestMessage(route == "" ? HttpMethod.Put : HttpMethod.Post, $"/api/users/{id}{route}") { Content = RawJson(json) };

        await _client.SendAsync(request, TestContext.Current.CancellationToken).AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", field, $"$.{field}");

        await _client.GetAsync($"/api/users/{id}", TestContext.Current.CancellationToken).AssertProblem(HttpStatusCode.NotFound, "NotFound", "userId");
    }

    [Theory]
    [InlineData("POST", "/api/users/{id}/credit", """{"reason":"bonus"}""", "amount", "amount is required")]
    [InlineData("POST", "/api/users/{id}/debit", "{}", "amount", "amount is required")]
    [InlineData("PUT", "/api/users/{id}", """{"buxBalance":1}""", "expectedVersion", "expectedVersion is required")]
    [InlineData("PUT", "/api/users/{id}", "{}", "expectedVersion", "expectedVersion, buxBalance are required")]
    [InlineData("PUT", "/api/users/{id}/wallet", """{"wallet":null}""", "wallet", "wallet is required")]
    [InlineData("POST", "/api/posts/{id}/deposit", "{}", "amount", "amount is required")]
    [InlineData("PUT", "/api/posts/{id}/settings", """{"reward":1}""", "readTime", "readTime is required")]
    [InlineData("POST", "/api/posts/{id}/reads", """{"userId":"reader-1"}""", "secondsRead", "secondsRead is required")]
    public async Task A_required_field_left_out_or_sent_as_null_is_a_400_naming_it_and_changes_nothing(
        string method, string route, string json, string field, string reason)
    {
        var post = route.StartsWith("/api/posts", StringComparison.Ordinal);
        var id = NewId(post ? "post" : "user");
        using var request = new HttpRequestMessage(new HttpMethod(method), route.Replace("{id}", id)) { Content = RawJson(json) };

        await _client.SendAsync(request, TestContext.Current.CancellationToken).AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", field, reason);

        await _client.GetAsync(post ? $"/api/posts/{id}" : $"/api/users/{id}", TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.NotFound, "NotFound", post ? "postId" : "userId");
    }

    [Fact]
    public async Task Unknown_fields_are_refused_on_post_routes_too()
    {
        var postId = NewId("post");

        await _client.PostAsync($"/api/posts/{postId}/deposit", RawJson("""{"amount":5,"userId":"someone"}"""), TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "userId", "not a field of this route");
        await _client.PutAsync($"/api/posts/{postId}/settings", RawJson("""{"reward":5,"readTime":1,"reward":9}"""), TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "reward", "more than once");

        await _client.GetAsync($"/api/posts/{postId}", TestContext.Current.CancellationToken).AssertProblem(HttpStatusCode.NotFound, "NotFound", "postId");
    }

    [Fact]
    public async Task A_body_larger_than_any_route_takes_is_a_413_and_is_not_read()
    {
        var id = NewId("user");
        var huge = $$"""{"amount":1,"reason":"{{new string('x', 70_000)}}"}""";

        var problem = await _client.PostAsync($"/api/users/{id}/credit", RawJson(huge), TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.RequestEntityTooLarge, "BodyTooLarge", "body", "65536 bytes");

        Assert.Equal("Request body too large", problem.Title);
        await _client.GetAsync($"/api/users/{id}", TestContext.Current.CancellationToken).AssertProblem(HttpStatusCode.NotFound, "NotFound", "userId");
    }

    [Fact]
    public async Task The_largest_valid_record_fits_under_the_body_limit()
    {
        var id = NewId("user");
        var extra = new string('\u00e9', 1024); // escaped by the client as six bytes each

        var written = await _client.PutAsJsonAsync($"/api/users/{id}",
            new { expectedVersion = 0, buxBalance = 1, extraField1 = extra, extraField2 = extra, extraField3 = extra, extraField4 = extra }, TestContext.Current.CancellationToken).Ok<UserDto>();

        Assert.Equal(extra, written.ExtraField4);
    }
}
