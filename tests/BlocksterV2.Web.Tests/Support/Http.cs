using System.Net;
using System.Text;
using System.Text.Json;

namespace BlocksterV2.Web.Tests.Support;

/// <summary>Wire shapes of the replies (camelCase JSON), declared here so the specs check the contract, not the domain types.</summary>
public sealed record UserDto(
    string UserId, string UserSmartWallet, long BuxBalance,
    string? ExtraField1, string? ExtraField2, string? ExtraField3, string? ExtraField4,
    DateTime CreatedAt, DateTime UpdatedAt, long Version);

public sealed record PostDto(
    string PostId, long Reward, long ReadTime, long BuxBalance, long BuxDeposited,
    string? ExtraField1, string? ExtraField2, string? ExtraField3, string? ExtraField4,
    DateTime CreatedAt, DateTime UpdatedAt, long Version);

public sealed record ReadRewardedDto(string PostId, string UserId, long Reward, long PostBalance, long UserBalance);

public static class Http
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public static StringContent RawJson(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Asserts a 200 with a JSON body and returns it deserialized.</summary>
    public static async Task<T> Ok<T>(this Task<HttpResponseMessage> pending)
    {
        using var response = await pending;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonSerializer.Deserialize<T>(text, Json) ?? throw new InvalidOperationException($"empty body: {text}");
    }

    public static async Task<UserDto> GetUser(this HttpClient client, string userId) =>
        await client.GetAsync($"/api/users/{userId}").Ok<UserDto>();

    public static async Task<PostDto> GetPost(this HttpClient client, string postId) =>
        await client.GetAsync($"/api/posts/{postId}").Ok<PostDto>();
}

/// <summary>RFC 9457 problem details as the web tier writes them.</summary>
public sealed record Problem(int Status, string? Title, string? Type, string Detail, string? Code, string? Field, JsonElement Body);

public static class ProblemAssert
{
    /// <summary>
    /// Asserts the response is <paramref name="status"/> with an <c>application/problem+json</c> body whose
    /// <c>status</c> matches, whose <c>detail</c> contains every fragment, and whose <c>field</c> and <c>code</c>
    /// extensions are the ones given (a null <paramref name="field"/> means the extension is present and null).
    /// </summary>
    public static async Task<Problem> AssertProblem(this Task<HttpResponseMessage> pending, HttpStatusCode status, string code,
        string? field, params string[] detailContains)
    {
        using var response = await pending;
        return await response.AssertProblem(status, code, field, detailContains);
    }

    public static async Task<Problem> AssertProblem(this HttpResponseMessage response, HttpStatusCode status, string code,
        string? field, params string[] detailContains)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        var body = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        var detail = body.GetProperty("detail").GetString() ?? "";
        foreach (var fragment in detailContains)
            Assert.Contains(fragment, detail);

        Assert.True(body.TryGetProperty("code", out var codeElement), $"no 'code' extension in {text}");
        Assert.Equal(code, codeElement.GetString());
        Assert.True(body.TryGetProperty("field", out var fieldElement), $"no 'field' extension in {text}");
        if (field is null)
            Assert.Equal(JsonValueKind.Null, fieldElement.ValueKind);
        else
            Assert.Equal(field, fieldElement.GetString());

        return new Problem(
            body.GetProperty("status").GetInt32(),
            body.TryGetProperty("title", out var title) ? title.GetString() : null,
            body.TryGetProperty("type", out var type) ? type.GetString() : null,
            detail,
            codeElement.GetString(),
            fieldElement.ValueKind == JsonValueKind.Null ? null : fieldElement.GetString(),
            body);
    }
}
