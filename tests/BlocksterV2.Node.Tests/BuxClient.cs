using System.Net;

namespace BlocksterV2.Node.Tests;

/// <summary>The assertion the node specs make on an HTTP answer; the calls themselves are <see cref="BuxHttp"/>'s.</summary>
public static class BuxClient
{
    public static async Task Expect(this Task<HttpResponseMessage> call, HttpStatusCode status)
    {
        using var response = await call;
        Assert.True(response.StatusCode == status, $"expected {status}, got {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
