using System.Net;
using BlocksterV2.Web.Tests.Support;
using static BlocksterV2.Web.Tests.Support.Http;

namespace BlocksterV2.Web.Tests;

/// <summary>On a node that is not ready, the 503 each entity route answers is the one the document lists.</summary>
public sealed class OpenApiNotReadySpecs(NotReadyNodeFixture node) : IClassFixture<NotReadyNodeFixture>
{
    [Theory]
    [InlineData("POST", "/api/users/{id}/credit")]
    [InlineData("GET", "/api/users/{id}")]
    [InlineData("GET", "/api/users")]
    [InlineData("GET", "/api/leaderboard")]
    [InlineData("POST", "/api/posts/{id}/deposit")]
    public async Task A_route_asked_before_the_node_is_ready_is_a_503_problem_the_document_lists(string method, string path)
    {
        var document = await ApiDocument.Fetch(node.Client);
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", NewId("spec")));
        if (method == "POST")
            request.Content = RawJson("""{"amount":5}""");

        using var response = await node.Client.SendAsync(request, TestContext.Current.CancellationToken);

        await document.AssertDocumentedProblem(method, path, HttpStatusCode.ServiceUnavailable, response);
    }

    [Fact]
    public async Task Health_ready_lists_its_503_as_a_status_body_not_a_problem()
    {
        var document = await ApiDocument.Fetch(node.Client);

        using var response = await node.Client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        var documented = document.Operation("GET", "/health/ready").GetProperty("responses").GetProperty("503").GetProperty("content");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(documented.TryGetProperty("application/json", out _), $"/health/ready's 503 is documented as {documented}");
    }
}
