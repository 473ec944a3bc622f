using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlocksterV2.Web.Tests.Support;
using static BlocksterV2.Web.Tests.Support.Http;

namespace BlocksterV2.Web.Tests;

/// <summary>The web tier sees a <c>NodeReadiness</c> that never becomes ready: entity routes answer 503.</summary>
public sealed class NotReadySpecs(NotReadyNodeFixture node) : IClassFixture<NotReadyNodeFixture>
{
    private readonly HttpClient _client = node.Client;

    [Fact]
    public async Task Health_ready_answers_503_with_the_reason()
    {
        using var response = await _client.GetAsync("/health/ready", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("waiting for this member to be Up in the cluster", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_live_still_answers_200()
    {
        using var response = await _client.GetAsync("/health/live", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_user_is_a_503_problem()
    {
        await _client.GetAsync($"/api/users/{NewId("user")}", TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.ServiceUnavailable, "NotReady", null, "not ready", "waiting for this member to be Up", "retry");
    }

    [Fact]
    public async Task Get_post_is_a_503_problem()
    {
        await _client.GetAsync($"/api/posts/{NewId("post")}", TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.ServiceUnavailable, "NotReady", null, "not ready");
    }

    [Fact]
    public async Task Writes_are_503_problems()
    {
        var userId = NewId("user");
        var postId = NewId("post");

        await _client.Credit(userId, 5).AssertProblem(HttpStatusCode.ServiceUnavailable, "NotReady", null, "not ready");
        await _client.PutAsJsonAsync($"/api/users/{userId}", new { expectedVersion = 0, buxBalance = 1 }, TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.ServiceUnavailable, "NotReady", null, "not ready");
        await _client.Deposit(postId, 5).AssertProblem(HttpStatusCode.ServiceUnavailable, "NotReady", null, "not ready");
        await _client.Read(postId, userId, 5).AssertProblem(HttpStatusCode.ServiceUnavailable, "NotReady", null, "not ready");
    }

    [Fact]
    public async Task Table_definitions_do_not_need_a_ready_node()
    {
        using var response = await _client.GetAsync("/api/tables", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
