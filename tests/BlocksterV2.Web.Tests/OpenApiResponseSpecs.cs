using System.Net;
using System.Net.Http.Json;
using BlocksterV2.Web.Tests.Support;
using static BlocksterV2.Web.Tests.Support.Http;

namespace BlocksterV2.Web.Tests;

/// <summary>Each error a route really answers is listed, as a problem, for that route in the OpenAPI document.</summary>
public sealed class OpenApiResponseSpecs(KeyedNodeFixture node) : IClassFixture<KeyedNodeFixture>
{
    private const string Credit = "/api/users/{id}/credit";

    [Fact]
    public async Task A_malformed_credit_body_is_a_400_problem_the_document_lists_for_credit()
    {
        using var client = node.ClientWithKey(KeyedNodeFixture.ApiKey);
        var document = await ApiDocument.Fetch(client);

        using var response = await client.PostAsync($"/api/users/{NewId("user")}/credit", RawJson("""{"amount": 5,,}"""), TestContext.Current.CancellationToken);

        await document.AssertDocumentedProblem("POST", Credit, HttpStatusCode.BadRequest, response);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-this-node's-key")]
    public async Task A_credit_without_the_right_key_is_a_401_problem_the_document_lists_for_credit(string? key)
    {
        using var client = key is null ? node.Factory.CreateClient() : node.ClientWithKey(key);
        var document = await ApiDocument.Fetch(client);

        using var response = await client.Credit(NewId("user"), 5);

        await document.AssertDocumentedProblem("POST", Credit, HttpStatusCode.Unauthorized, response);
    }

    [Fact]
    public async Task An_unknown_user_is_a_404_problem_the_document_lists_for_reading_a_user()
    {
        var document = await ApiDocument.Fetch(node.Client);

        using var response = await node.Client.GetAsync($"/api/users/{NewId("user")}", TestContext.Current.CancellationToken);

        await document.AssertDocumentedProblem("GET", "/api/users/{id}", HttpStatusCode.NotFound, response);
    }

    [Fact]
    public async Task A_reused_idempotency_key_is_a_409_problem_the_document_lists_for_credit()
    {
        using var client = node.ClientWithKey(KeyedNodeFixture.ApiKey);
        var document = await ApiDocument.Fetch(client);
        var userId = NewId("user");
        await client.Credit(userId, 5, key: "spec-key-1").Ok<UserDto>();

        using var response = await client.Credit(userId, 6, key: "spec-key-1");

        await document.AssertDocumentedProblem("POST", Credit, HttpStatusCode.Conflict, response);
    }

    [Fact]
    public async Task An_overdraft_is_a_409_problem_the_document_lists_for_debit()
    {
        using var client = node.ClientWithKey(KeyedNodeFixture.ApiKey);
        var document = await ApiDocument.Fetch(client);

        using var response = await client.Debit(NewId("user"), 5);

        await document.AssertDocumentedProblem("POST", "/api/users/{id}/debit", HttpStatusCode.Conflict, response);
    }

    [Fact]
    public async Task A_read_of_an_unknown_post_is_a_404_problem_the_document_lists_for_reads()
    {
        using var client = node.ClientWithKey(KeyedNodeFixture.ApiKey);
        var document = await ApiDocument.Fetch(client);

        using var response = await client.Read(NewId("post"), NewId("user"), 5);

        await document.AssertDocumentedProblem("POST", "/api/posts/{id}/reads", HttpStatusCode.NotFound, response);
    }

    [Fact]
    public async Task A_body_larger_than_any_route_takes_is_a_413_problem_the_document_lists_for_credit()
    {
        using var client = node.ClientWithKey(KeyedNodeFixture.ApiKey);
        var document = await ApiDocument.Fetch(client);
        var huge = $$"""{"amount":5,"reason":"{{new string('x', 70_000)}}"}""";

        using var response = await client.PostAsync($"/api/users/{NewId("user")}/credit", RawJson(huge), TestContext.Current.CancellationToken);

        await document.AssertDocumentedProblem("POST", Credit, HttpStatusCode.RequestEntityTooLarge, response);
    }

    [Fact]
    public async Task A_bad_query_parameter_is_a_400_problem_the_document_lists_for_the_range_query()
    {
        var document = await ApiDocument.Fetch(node.Client);

        using var response = await node.Client.GetAsync("/api/users?limit=0", TestContext.Current.CancellationToken);

        await document.AssertDocumentedProblem("GET", "/api/users", HttpStatusCode.BadRequest, response);
    }

    [Fact]
    public async Task An_unknown_table_is_a_404_problem_the_document_lists_for_one_table()
    {
        var document = await ApiDocument.Fetch(node.Client);

        using var response = await node.Client.GetAsync("/api/tables/no_such_table", TestContext.Current.CancellationToken);

        await document.AssertDocumentedProblem("GET", "/api/tables/{name}", HttpStatusCode.NotFound, response);
    }

    [Fact]
    public async Task A_request_that_leaves_out_the_optional_fields_succeeds_as_the_document_says()
    {
        using var client = node.ClientWithKey(KeyedNodeFixture.ApiKey);
        var userId = NewId("user");

        // only what AmountRequest and WriteUserRequest list as required
        await client.PostAsync($"/api/users/{userId}/credit", RawJson("""{"amount":5}"""), TestContext.Current.CancellationToken).Ok<UserDto>();
        var written = await client.PutAsJsonAsync($"/api/users/{NewId("user")}", new { expectedVersion = 0, buxBalance = 7 }, TestContext.Current.CancellationToken).Ok<UserDto>();

        Assert.Equal(5, (await client.GetUser(userId)).BuxBalance);
        Assert.Equal(7, written.BuxBalance);
    }
}
