using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace BlocksterV2.Node.Tests;

/// <summary>The few HTTP calls the node specs make, with the answers they need.</summary>
public static class BuxClient
{
    public static async Task<HttpStatusCode> Credit(this HttpClient http, string userId, long amount, string key)
    {
        using var response = await http.PostAsJsonAsync($"/api/users/{userId}/credit", new { amount, reason = "spec", idempotencyKey = key });
        return response.StatusCode;
    }

    /// <summary>The user's balance, or null when the user does not exist.</summary>
    public static async Task<long?> UserBalance(this HttpClient http, string userId) =>
        await Field(http, $"/api/users/{userId}", "buxBalance");

    public static async Task<long?> PostBalance(this HttpClient http, string postId) =>
        await Field(http, $"/api/posts/{postId}", "buxBalance");

    public static async Task Expect(this Task<HttpResponseMessage> call, HttpStatusCode status)
    {
        using var response = await call;
        Assert.True(response.StatusCode == status, $"expected {status}, got {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<long?> Field(HttpClient http, string path, string field)
    {
        using var response = await http.GetAsync(path);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty(field).GetInt64();
    }
}
