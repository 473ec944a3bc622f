using System.Net;
using System.Text.Json;

namespace BlocksterV2.Web.Tests.Support;

/// <summary>The node's own OpenAPI document, and checks of a real answer against what it says.</summary>
public sealed class ApiDocument(JsonElement root)
{
    public JsonElement Root { get; } = root;

    public static async Task<ApiDocument> Fetch(HttpClient client)
    {
        using var response = await client.GetAsync("/openapi/v1.json");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/openapi/v1.json answered {(int)response.StatusCode}: {text}");
        return new ApiDocument(JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Every operation: its method (upper case), its path template and its object.</summary>
    public IEnumerable<(string Method, string Path, JsonElement Operation)> Operations =>
        Root.GetProperty("paths").EnumerateObject().SelectMany(path =>
            path.Value.EnumerateObject().Select(op => (op.Name.ToUpperInvariant(), path.Name, op.Value)));

    public JsonElement Operation(string method, string path)
    {
        Assert.True(Root.GetProperty("paths").TryGetProperty(path, out var item), $"the document has no path {path}");
        Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out var operation), $"the document has no {method} {path}");
        return operation;
    }

    public JsonElement Schema(string name) => Root.GetProperty("components").GetProperty("schemas").GetProperty(name);

    /// <summary>
    /// Asserts the real answer is a problem (<c>application/problem+json</c>) with <paramref name="status"/>, and that
    /// the document lists that status, as a problem, for the operation.
    /// </summary>
    public async Task AssertDocumentedProblem(string method, string path, HttpStatusCode status, HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{method} {path}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        var responses = Operation(method, path).GetProperty("responses");
        Assert.True(responses.TryGetProperty(((int)status).ToString(), out var documented),
            $"{method} {path} answered {(int)status} but the document lists only {string.Join(", ", responses.EnumerateObject().Select(r => r.Name))}");
        Assert.True(documented.GetProperty("content").TryGetProperty("application/problem+json", out _),
            $"{method} {path} lists {(int)status} without application/problem+json: {documented}");
    }
}
