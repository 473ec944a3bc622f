using System.Net;
using System.Text.Json;
using BlocksterV2.Web.Tests.Support;

namespace BlocksterV2.Web.Tests;

/// <summary>Health, table definitions and the OpenAPI document.</summary>
public sealed class MetaRouteSpecs(OpenNodeFixture node) : IClassFixture<OpenNodeFixture>
{
    private readonly HttpClient _client = node.Client;

    private static readonly string[] UserFields =
    [
        "user_id", "user_smart_wallet", "bux_balance", "extra_field1", "extra_field2", "extra_field3", "extra_field4",
        "created_at", "updated_at",
    ];

    private static readonly string[] PostFields =
    [
        "post_id", "reward", "read_time", "bux_balance", "bux_deposited", "extra_field1", "extra_field2", "extra_field3",
        "extra_field4", "created_at", "updated_at",
    ];

    private async Task<JsonElement> Json(string path)
    {
        using var response = await _client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task Health_live_answers_200()
    {
        var body = await Json("/health/live");

        Assert.Equal("live", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_ready_answers_200_once_the_member_is_up()
    {
        var body = await Json("/health/ready");

        Assert.Equal("ready", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Tables_lists_user_bux_points_and_post_bux_points_with_their_fields()
    {
        var tables = await Json("/api/tables");

        Assert.Equal(JsonValueKind.Array, tables.ValueKind);
        var byName = tables.EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Equal(["post_bux_points", "user_bux_points"], byName.Keys.Order());

        AssertTable(byName["user_bux_points"], "user_id", UserFields);
        AssertTable(byName["post_bux_points"], "post_id", PostFields);
    }

    private static void AssertTable(JsonElement table, string key, string[] expectedFields)
    {
        var fields = table.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        Assert.Equal(expectedFields, fields.Take(expectedFields.Length));
        Assert.All(table.GetProperty("fields").EnumerateArray(), f =>
        {
            Assert.False(string.IsNullOrEmpty(f.GetProperty("type").GetString()));
            Assert.False(string.IsNullOrEmpty(f.GetProperty("description").GetString()));
        });
        Assert.Equal(key, table.GetProperty("key").GetString());
        Assert.Equal(["bux_balance", "updated_at"], table.GetProperty("indexedFields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("RamCopies", table.GetProperty("storage").GetString());
    }

    [Theory]
    [InlineData("user_bux_points", "user_id")]
    [InlineData("post_bux_points", "post_id")]
    public async Task One_table_is_served_by_name(string name, string key)
    {
        var table = await Json($"/api/tables/{name}");

        Assert.Equal(name, table.GetProperty("name").GetString());
        Assert.Equal(key, table.GetProperty("key").GetString());
        Assert.Contains("bux_balance", table.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Unknown_table_is_a_404_problem_listing_the_tables()
    {
        await _client.GetAsync("/api/tables/no_such_table", TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.NotFound, "NotFound", "name", "no table 'no_such_table'", "user_bux_points", "post_bux_points");
    }

    [Fact]
    public async Task OpenApi_document_is_served_and_lists_every_route()
    {
        var doc = await Json("/openapi/v1.json");

        Assert.StartsWith("3.", doc.GetProperty("openapi").GetString());
        var paths = doc.GetProperty("paths");
        var expected = new (string Path, string[] Methods)[]
        {
            ("/api/users/{id}", ["get", "put"]),
            ("/api/users/{id}/wallet", ["put"]),
            ("/api/users/{id}/credit", ["post"]),
            ("/api/users/{id}/debit", ["post"]),
            ("/api/posts/{id}", ["get"]),
            ("/api/posts/{id}/settings", ["put"]),
            ("/api/posts/{id}/deposit", ["post"]),
            ("/api/posts/{id}/reads", ["post"]),
            ("/api/tables", ["get"]),
            ("/api/tables/{name}", ["get"]),
            ("/health/live", ["get"]),
            ("/health/ready", ["get"]),
        };
        foreach (var (path, methods) in expected)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"OpenAPI document lacks {path}");
            foreach (var method in methods)
                Assert.True(item.TryGetProperty(method, out _), $"OpenAPI document lacks {method.ToUpperInvariant()} {path}");
        }
    }

    [Fact]
    public async Task OpenApi_document_describes_the_credit_request_body()
    {
        var doc = await Json("/openapi/v1.json");

        var credit = doc.GetProperty("paths").GetProperty("/api/users/{id}/credit").GetProperty("post");
        Assert.True(credit.TryGetProperty("requestBody", out var body), "credit has no requestBody");
        Assert.Contains("AmountRequest", body.GetRawText());
        var schemas = doc.GetProperty("components").GetProperty("schemas");
        var properties = schemas.GetProperty("AmountRequest").GetProperty("properties");
        Assert.True(properties.TryGetProperty("amount", out _));
        Assert.True(properties.TryGetProperty("idempotencyKey", out _));
    }

    [Fact]
    public void Without_an_api_key_program_warns_at_startup_and_reports_ram_only_storage()
    {
        var lines = node.Logs.Lines;

        Assert.Contains(lines, l => l.StartsWith("Warning:") && l.Contains("No API key configured") && l.Contains("Bux__ApiKey"));
        Assert.Contains(lines, l => l.Contains("RAM-only") && l.Contains("LOST"));
        Assert.Contains(lines, l => l.Contains("BUX node nonode@nohost storing in RAM only"));
    }
}
