using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace BlocksterV2.Testing;

/// <summary>The node's HTTP API as the specs and the benchmark call it: one request builder a route.</summary>
public static class BuxHttp
{
    public static Task<HttpResponseMessage> Credit(this HttpClient client, string userId, long amount, string? reason = "spec", string? key = null) =>
        client.PostAsJsonAsync($"/api/users/{userId}/credit", new { amount, reason, idempotencyKey = key });

    public static Task<HttpResponseMessage> Debit(this HttpClient client, string userId, long amount, string? reason = "spec", string? key = null) =>
        client.PostAsJsonAsync($"/api/users/{userId}/debit", new { amount, reason, idempotencyKey = key });

    public static Task<HttpResponseMessage> Configure(this HttpClient client, string postId, long reward, long readTime, string? key = null) =>
        client.PutAsJsonAsync($"/api/posts/{postId}/settings", new { reward, readTime, idempotencyKey = key });

    public static Task<HttpResponseMessage> Deposit(this HttpClient client, string postId, long amount, string? key = null) =>
        client.PostAsJsonAsync($"/api/posts/{postId}/deposit", new { amount, idempotencyKey = key });

    public static Task<HttpResponseMessage> Read(this HttpClient client, string postId, string? userId, long secondsRead, string? key = null) =>
        client.PostAsJsonAsync($"/api/posts/{postId}/reads", new { userId, secondsRead, idempotencyKey = key });

    /// <summary>The answer's status; the response is disposed.</summary>
    public static async Task<HttpStatusCode> Status(this Task<HttpResponseMessage> pending)
    {
        using var response = await pending;
        return response.StatusCode;
    }

    /// <summary>The user's balance, or null when the user does not exist.</summary>
    public static Task<long?> UserBalance(this HttpClient client, string userId) => Field(client, $"/api/users/{userId}", "buxBalance");

    /// <summary>The post's balance, or null when the post does not exist.</summary>
    public static Task<long?> PostBalance(this HttpClient client, string postId) => Field(client, $"/api/posts/{postId}", "buxBalance");

    private static async Task<long?> Field(HttpClient client, string path, string field)
    {
        using var response = await client.GetAsync(path);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty(field).GetInt64();
    }
}
