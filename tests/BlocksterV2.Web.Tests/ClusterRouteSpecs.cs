using System.Net;
using System.Net.Http.Json;
using BlocksterV2.Web.Api;
using BlocksterV2.Web.Tests.Support;
using static BlocksterV2.Web.Tests.Support.Http;

namespace BlocksterV2.Web.Tests;

/// <summary>The operator's view of the cluster: this node's members and the entities it hosts.</summary>
public sealed class ClusterRouteSpecs(OpenNodeFixture node) : IClassFixture<OpenNodeFixture>
{
    private readonly HttpClient _client = node.Client;

    [Fact]
    public async Task The_cluster_view_lists_this_single_node_as_the_Up_leader()
    {
        var view = await _client.GetFromJsonAsync<ClusterView>("/api/cluster", TestContext.Current.CancellationToken);

        Assert.NotNull(view);
        Assert.Equal("Up", view.SelfStatus);
        Assert.Equal(view.Self, view.Leader);
        var member = Assert.Single(view.Members);
        Assert.Equal((view.Self, "Up", true), (member.Address, member.Status, member.Reachable));
        Assert.Equal(["bux"], member.Roles);
        Assert.Empty(view.Unreachable);
    }

    [Fact]
    public async Task The_shards_view_lists_an_entity_once_a_message_started_it()
    {
        var userId = NewId("user");
        await _client.Credit(userId, 3).Ok<UserDto>();

        var view = await _client.GetFromJsonAsync<HostedShardsView>("/api/cluster/shards", TestContext.Current.CancellationToken);

        Assert.Contains(view!.Regions["user-bux"], shard => shard.EntityIds.Contains(userId));
        Assert.Contains("post-bux", view.Regions.Keys);
    }
}

/// <summary>With a key configured, the cluster routes show private addresses only to callers that present it.</summary>
public sealed class KeyedClusterRouteSpecs(KeyedNodeFixture node) : IClassFixture<KeyedNodeFixture>
{
    [Theory]
    [InlineData("/api/cluster")]
    [InlineData("/api/cluster/shards")]
    public async Task Cluster_routes_need_the_key(string route)
    {
        using var anonymous = await node.Client.GetAsync(route, TestContext.Current.CancellationToken);
        using var keyed = node.Factory.CreateClient();
        keyed.DefaultRequestHeaders.Add("X-Api-Key", KeyedNodeFixture.ApiKey);
        using var allowed = await keyed.GetAsync(route, TestContext.Current.CancellationToken);

        await anonymous.AssertProblem(HttpStatusCode.Unauthorized, "MissingApiKey", "X-Api-Key", "needs the X-Api-Key header");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }
}
