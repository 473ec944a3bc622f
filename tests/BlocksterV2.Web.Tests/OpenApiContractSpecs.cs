using System.Net;
using System.Text.Json;
using BlocksterV2.Web.Tests.Support;
using static BlocksterV2.Web.Tests.Support.Http;

namespace BlocksterV2.Web.Tests;

/// <summary>What the OpenAPI document says about the key, the request bodies and the query parameters, checked against the node.</summary>
public sealed class OpenApiContractSpecs(KeyedNodeFixture node) : IClassFixture<KeyedNodeFixture>
{
    /// <summary>The routes that need the key, listed by hand: the ones ApiKeySpecs refuses without it, and the cluster's.</summary>
    private static readonly HashSet<string> Secured =
    [
        "PUT /api/users/{id}", "PUT /api/users/{id}/wallet", "POST /api/users/{id}/credit", "POST /api/users/{id}/debit",
        "PUT /api/posts/{id}/settings", "POST /api/posts/{id}/deposit", "POST /api/posts/{id}/reads",
        "GET /api/cluster", "GET /api/cluster/shards",
    ];

    /// <summary>Open routes that show this node's private details to a caller with the key.</summary>
    private static readonly HashSet<string> KeyOptional = ["GET /api/tables", "GET /api/tables/{name}"];

    [Fact]
    public async Task The_document_declares_the_X_Api_Key_header_as_an_api_key_scheme()
    {
        var document = await ApiDocument.Fetch(node.Client);

        var scheme = document.Root.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");

        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Secured_routes_carry_the_X_Api_Key_requirement_and_open_routes_do_not()
    {
        var document = await ApiDocument.Fetch(node.Client);

        foreach (var (method, path, operation) in document.Operations)
        {
            var route = $"{method} {path}";
            var requirements = operation.TryGetProperty("security", out var security)
                ? security.EnumerateArray().Select(r => string.Join(",", r.EnumerateObject().Select(s => s.Name))).ToList()
                : [];
            if (Secured.Contains(route))
                Assert.True(requirements is ["ApiKey"], $"{route} needs the key but the document says [{string.Join("|", requirements)}]");
            else if (KeyOptional.Contains(route))
                Assert.True(requirements is ["", "ApiKey"], $"{route} takes the key optionally but the document says [{string.Join("|", requirements)}]");
            else
                Assert.True(requirements.Count == 0, $"{route} is open but the document says [{string.Join("|", requirements)}]");
        }
        Assert.Superset(Secured, document.Operations.Select(o => $"{o.Method} {o.Path}").ToHashSet());
    }

    [Fact]
    public async Task Every_route_the_document_secures_refuses_a_request_without_the_key_and_no_other_route_does()
    {
        var document = await ApiDocument.Fetch(node.Client);

        foreach (var (method, path, operation) in document.Operations)
        {
            var secured = operation.TryGetProperty("security", out var security) && security.EnumerateArray().All(r => r.EnumerateObject().Any());
            using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", NewId("spec")).Replace("{name}", "user_bux_points"));
            if (method != "GET")
                request.Content = RawJson("{}");
            // headers only: the leaderboard stream never ends
            using var response = await node.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);

            Assert.True(secured == (response.StatusCode == HttpStatusCode.Unauthorized),
                $"{method} {path}: the document {(secured ? "requires" : "does not require")} the key; without it the node answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Amounts_are_integers_in_every_schema_and_never_strings_with_a_pattern()
    {
        var document = await ApiDocument.Fetch(node.Client);
        string[] amounts = ["amount", "buxBalance", "reward", "readTime", "secondsRead", "expectedVersion", "buxDeposited", "balance", "postBalance", "userBalance"];

        var checkedFields = 0;
        foreach (var schema in document.Root.GetProperty("components").GetProperty("schemas").EnumerateObject())
        {
            if (!schema.Value.TryGetProperty("properties", out var properties))
                continue;
            foreach (var property in properties.EnumerateObject())
            {
                Assert.False(property.Value.TryGetProperty("pattern", out _), $"{schema.Name}.{property.Name} has a pattern: {property.Value}");
                if (!amounts.Contains(property.Name))
                    continue;
                Assert.Equal("integer", property.Value.GetProperty("type").GetString());
                Assert.Equal("int64", property.Value.GetProperty("format").GetString());
                checkedFields++;
            }
        }
        Assert.True(checkedFields >= 10, $"only {checkedFields} amount fields found; the schema names changed?");
    }

    [Theory]
    [InlineData("AmountRequest", "amount", "reason,idempotencyKey")]
    [InlineData("DepositRequest", "amount", "idempotencyKey")]
    [InlineData("WriteUserRequest", "expectedVersion,buxBalance", "userSmartWallet,extraField1,extraField2,extraField3,extraField4,idempotencyKey")]
    [InlineData("SetWalletRequest", "wallet", "idempotencyKey")]
    [InlineData("PostSettingsRequest", "reward,readTime", "idempotencyKey")]
    [InlineData("ReadRequest", "userId,secondsRead", "idempotencyKey")]
    public async Task A_request_body_requires_its_substance_and_not_the_fields_it_may_leave_out(string schema, string required, string optional)
    {
        var document = await ApiDocument.Fetch(node.Client);
        var body = document.Schema(schema);

        var listed = body.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).Order().ToList();
        var properties = body.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();

        Assert.Equal(required.Split(',').Order(), listed);
        Assert.Superset(optional.Split(',').ToHashSet(), properties);
        Assert.False(body.GetProperty("additionalProperties").GetBoolean(), $"{schema} should refuse unknown fields, as StrictJson does");
    }

    [Theory]
    [InlineData("/api/users", "minBalance", "integer", "int64")]
    [InlineData("/api/users", "maxBalance", "integer", "int64")]
    [InlineData("/api/users", "limit", "integer", "int32")]
    [InlineData("/api/users", "updatedSince", "string", "date-time")]
    [InlineData("/api/posts", "limit", "integer", "int32")]
    [InlineData("/api/leaderboard", "top", "integer", "int32")]
    [InlineData("/api/leaderboard/stream", "top", "integer", "int32")]
    public async Task Query_parameters_carry_their_types(string path, string name, string type, string format)
    {
        var document = await ApiDocument.Fetch(node.Client);

        var schema = Parameter(document, path, name).GetProperty("schema");

        Assert.Equal(type, schema.GetProperty("type").GetString());
        Assert.Equal(format, schema.GetProperty("format").GetString());
    }

    [Fact]
    public async Task Query_parameters_state_the_bounds_the_route_enforces()
    {
        var document = await ApiDocument.Fetch(node.Client);

        var limit = Parameter(document, "/api/users", "limit").GetProperty("schema");
        var top = Parameter(document, "/api/leaderboard", "top").GetProperty("schema");
        var consistency = Parameter(document, "/api/users/{id}", "consistency").GetProperty("schema");

        Assert.Equal((1, 1000, 100), (limit.GetProperty("minimum").GetInt32(), limit.GetProperty("maximum").GetInt32(), limit.GetProperty("default").GetInt32()));
        // Bux:Leaderboard:Size, 1000 by default
        Assert.Equal((1, 1000), (top.GetProperty("minimum").GetInt32(), top.GetProperty("maximum").GetInt32()));
        Assert.Equal(["entity", "local"], consistency.GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        // the bounds are the route's: one past them is refused
        using var tooMany = await node.Client.GetAsync("/api/users?limit=1001", TestContext.Current.CancellationToken);
        using var tooHigh = await node.Client.GetAsync("/api/leaderboard?top=1001", TestContext.Current.CancellationToken);
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (tooMany.StatusCode, tooHigh.StatusCode));
    }

    private static JsonElement Parameter(ApiDocument document, string path, string name) =>
        document.Operation("GET", path).GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name);
}
