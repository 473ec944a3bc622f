using System.Net;
using System.Net.Http.Json;
using BlocksterV2.Web.Tests.Support;
using static BlocksterV2.Web.Tests.Support.Http;

namespace BlocksterV2.Web.Tests;

/// <summary>The post routes, including the rewarded read that moves BUX from a post's pool to a reader.</summary>
public sealed class PostRouteSpecs(OpenNodeFixture node) : IClassFixture<OpenNodeFixture>
{
    private readonly HttpClient _client = node.Client;

    private async Task<PostDto> FundedPost(string postId, long reward, long readTime, long deposit)
    {
        await _client.Configure(postId, reward, readTime).Ok<PostDto>();
        return await _client.Deposit(postId, deposit).Ok<PostDto>();
    }

    [Fact]
    public async Task Settings_configure_reward_and_read_time()
    {
        var id = NewId("post");

        var configured = await _client.Configure(id, 10, 30).Ok<PostDto>();

        Assert.Equal((id, 10L, 30L, 0L, 0L, 1L),
            (configured.PostId, configured.Reward, configured.ReadTime, configured.BuxBalance, configured.BuxDeposited, configured.Version));
        Assert.Equal(configured, await _client.GetPost(id));
    }

    [Fact]
    public async Task Deposit_grows_the_balance_and_the_total_deposited()
    {
        var id = NewId("post");

        await _client.Deposit(id, 100).Ok<PostDto>();
        var second = await _client.Deposit(id, 50).Ok<PostDto>();

        Assert.Equal(150, second.BuxBalance);
        Assert.Equal(150, second.BuxDeposited);
        Assert.Equal(2, second.Version);
        Assert.Equal(second, await _client.GetPost(id));
    }

    [Fact]
    public async Task Rewarded_read_moves_the_reward_from_the_pool_to_the_reader()
    {
        var postId = NewId("post");
        var userId = NewId("reader");
        await FundedPost(postId, reward: 10, readTime: 30, deposit: 100);

        var read = await _client.Read(postId, userId, 31).Ok<ReadRewardedDto>();

        Assert.Equal(new ReadRewardedDto(postId, userId, 10, 90, 10), read);
        Assert.Equal(10, (await _client.GetUser(userId)).BuxBalance);
        var post = await _client.GetPost(postId);
        Assert.Equal(90, post.BuxBalance);
        Assert.Equal(100, post.BuxDeposited);
    }

    [Fact]
    public async Task Read_of_exactly_the_read_time_is_rewarded_and_adds_to_an_existing_balance()
    {
        var postId = NewId("post");
        var userId = NewId("reader");
        await FundedPost(postId, reward: 4, readTime: 20, deposit: 4);
        await _client.Credit(userId, 6).Ok<UserDto>();

        var read = await _client.Read(postId, userId, 20).Ok<ReadRewardedDto>();

        Assert.Equal((4L, 0L, 10L), (read.Reward, read.PostBalance, read.UserBalance));
    }

    [Fact]
    public async Task Read_repeated_with_the_same_idempotency_key_replays_and_rewards_once()
    {
        var postId = NewId("post");
        var userId = NewId("reader");
        var key = NewId("read");
        await FundedPost(postId, reward: 10, readTime: 30, deposit: 100);

        var first = await _client.Read(postId, userId, 45, key).Ok<ReadRewardedDto>();
        var again = await _client.Read(postId, userId, 45, key).Ok<ReadRewardedDto>();

        Assert.Equal(first, again);
        Assert.Equal(10, (await _client.GetUser(userId)).BuxBalance);
        Assert.Equal(90, (await _client.GetPost(postId)).BuxBalance);
    }

    [Fact]
    public async Task Read_idempotency_key_reused_for_another_request_is_a_409_conflict()
    {
        var postId = NewId("post");
        var key = NewId("read");
        await FundedPost(postId, reward: 10, readTime: 30, deposit: 100);
        await _client.Read(postId, NewId("reader"), 45, key).Ok<ReadRewardedDto>();

        await _client.Read(postId, NewId("reader"), 45, key)
            .AssertProblem(HttpStatusCode.Conflict, "IdempotencyConflict", "idempotencyKey", key, "different request");

        Assert.Equal(90, (await _client.GetPost(postId)).BuxBalance);
    }

    [Fact]
    public async Task Deposit_repeated_with_the_same_idempotency_key_deposits_once()
    {
        var postId = NewId("post");
        var key = NewId("dep");

        var first = await _client.Deposit(postId, 70, key).Ok<PostDto>();
        var again = await _client.Deposit(postId, 70, key).Ok<PostDto>();

        Assert.Equal(first, again);
        Assert.Equal(70, (await _client.GetPost(postId)).BuxDeposited);
        await _client.Deposit(postId, 71, key)
            .AssertProblem(HttpStatusCode.Conflict, "IdempotencyConflict", "idempotencyKey", key);
    }

    [Fact]
    public async Task Second_read_by_the_same_user_is_a_409_already_rewarded_and_pays_nothing()
    {
        var postId = NewId("post");
        var userId = NewId("reader");
        await FundedPost(postId, reward: 10, readTime: 30, deposit: 100);
        await _client.Read(postId, userId, 31).Ok<ReadRewardedDto>();

        await _client.Read(postId, userId, 60)
            .AssertProblem(HttpStatusCode.Conflict, "AlreadyRewarded", "userId", userId, postId, "already rewarded");
        await _client.Read(postId, userId, 31, NewId("other-key"))
            .AssertProblem(HttpStatusCode.Conflict, "AlreadyRewarded", "userId");

        Assert.Equal(10, (await _client.GetUser(userId)).BuxBalance);
        Assert.Equal(90, (await _client.GetPost(postId)).BuxBalance);
    }

    [Fact]
    public async Task Read_shorter_than_the_read_time_is_a_409_and_pays_nothing()
    {
        var postId = NewId("post");
        var userId = NewId("reader");
        var before = await FundedPost(postId, reward: 10, readTime: 30, deposit: 100);

        await _client.Read(postId, userId, 29)
            .AssertProblem(HttpStatusCode.Conflict, "ReadTooShort", "secondsRead", "29s", "read time of 30s");

        Assert.Equal(before, await _client.GetPost(postId));
        await _client.GetAsync($"/api/users/{userId}", TestContext.Current.CancellationToken).AssertProblem(HttpStatusCode.NotFound, "NotFound", "userId");
    }

    [Fact]
    public async Task Read_when_the_pool_holds_less_than_the_reward_is_a_409_pool_too_small()
    {
        var postId = NewId("post");
        var userId = NewId("reader");
        var before = await FundedPost(postId, reward: 10, readTime: 0, deposit: 9);

        await _client.Read(postId, userId, 5)
            .AssertProblem(HttpStatusCode.Conflict, "PoolTooSmall", "postId", postId, "holds 9 BUX", "reward of 10");

        Assert.Equal(before, await _client.GetPost(postId));
        await _client.GetAsync($"/api/users/{userId}", TestContext.Current.CancellationToken).AssertProblem(HttpStatusCode.NotFound, "NotFound", "userId");
    }

    [Fact]
    public async Task Pool_drains_to_zero_and_the_next_reader_gets_pool_too_small()
    {
        var postId = NewId("post");
        await FundedPost(postId, reward: 10, readTime: 0, deposit: 20);

        await _client.Read(postId, NewId("reader"), 1).Ok<ReadRewardedDto>();
        var last = await _client.Read(postId, NewId("reader"), 1).Ok<ReadRewardedDto>();
        Assert.Equal(0, last.PostBalance);

        await _client.Read(postId, NewId("reader"), 1).AssertProblem(HttpStatusCode.Conflict, "PoolTooSmall", "postId", "holds 0 BUX");
    }

    [Fact]
    public async Task Read_of_a_post_without_a_reward_is_a_409()
    {
        var postId = NewId("post");
        await _client.Deposit(postId, 50).Ok<PostDto>();

        await _client.Read(postId, NewId("reader"), 100)
            .AssertProblem(HttpStatusCode.Conflict, "RewardNotConfigured", "postId", "no reward configured");
    }

    [Fact]
    public async Task Read_of_an_unknown_post_is_a_404()
    {
        var postId = NewId("ghost");

        await _client.Read(postId, NewId("reader"), 100)
            .AssertProblem(HttpStatusCode.NotFound, "NotFound", "postId", $"post '{postId}' does not exist");
    }

    [Fact]
    public async Task Get_unknown_post_is_a_404_problem()
    {
        var postId = NewId("ghost");

        await _client.GetAsync($"/api/posts/{postId}", TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.NotFound, "NotFound", "postId", $"post '{postId}' does not exist");
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-100L)]
    public async Task Deposit_of_zero_or_less_is_a_400(long amount)
    {
        var postId = NewId("post");

        await _client.Deposit(postId, amount).AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "amount", "greater than 0");

        await _client.GetAsync($"/api/posts/{postId}", TestContext.Current.CancellationToken).AssertProblem(HttpStatusCode.NotFound, "NotFound", "postId");
    }

    [Fact]
    public async Task Deposit_that_would_overflow_is_a_400_and_changes_nothing()
    {
        var postId = NewId("post");
        var full = await _client.Deposit(postId, long.MaxValue).Ok<PostDto>();

        await _client.Deposit(postId, 1).AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "amount", "overflow");

        Assert.Equal(full, await _client.GetPost(postId));
    }

    [Theory]
    [InlineData(-1L, 30L, "reward")]
    [InlineData(10L, -1L, "readTime")]
    public async Task Negative_settings_are_a_400_naming_the_field(long reward, long readTime, string field)
    {
        var postId = NewId("post");

        await _client.Configure(postId, reward, readTime)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", field, "must not be negative");
    }

    [Fact]
    public async Task Negative_seconds_read_is_a_400()
    {
        var postId = NewId("post");
        await FundedPost(postId, 1, 0, 1);

        await _client.Read(postId, NewId("reader"), -1)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "secondsRead", "must not be negative");
    }

    [Theory]
    [InlineData(null, "must not be empty")]
    [InlineData("", "must not be empty")]
    [InlineData("bad user", "found ' '")]
    public async Task Read_with_a_missing_or_bad_user_id_is_a_400_naming_user_id(string? userId, string reason)
    {
        var postId = NewId("post");
        var before = await FundedPost(postId, 1, 0, 5);

        await _client.Read(postId, userId, 10).AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "userId", reason);

        Assert.Equal(before, await _client.GetPost(postId));
    }

    [Theory]
    [InlineData("GET", "", null)]
    [InlineData("PUT", "/settings", """{"reward":1,"readTime":1}""")]
    [InlineData("POST", "/deposit", """{"amount":1}""")]
    [InlineData("POST", "/reads", """{"userId":"reader-1","secondsRead":5}""")]
    public async Task Post_id_with_a_bad_character_is_a_400_on_every_post_route(string method, string suffix, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/posts/po$t{suffix}");
        if (body is not null)
            request.Content = RawJson(body);

        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);

        await response.AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "postId", "may contain only", "found '$'");
    }

    [Fact]
    public async Task Post_id_longer_than_128_characters_is_a_400()
    {
        var tooLong = new string('p', 129);

        await _client.Deposit(tooLong, 1).AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "postId", "at most 128", "got 129");
    }

    [Fact]
    public async Task Wrong_json_type_on_a_post_route_is_a_400_naming_the_field()
    {
        var postId = NewId("post");

        await _client.PutAsync($"/api/posts/{postId}/settings", RawJson("""{"reward": "lots", "readTime": 3}"""), TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "reward", "$.reward");
        await _client.PostAsync($"/api/posts/{postId}/reads", RawJson("""{"userId": 7, "secondsRead": 3}"""), TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "userId", "$.userId");
    }

    [Fact]
    public async Task Malformed_json_on_a_post_route_is_a_400()
    {
        var postId = NewId("post");

        await _client.PostAsync($"/api/posts/{postId}/deposit", RawJson("""{"amount": 5,,}"""), TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "body", "not valid JSON", "at '$'");
        await _client.PostAsync($"/api/posts/{postId}/deposit", RawJson("""{"amount": }"""), TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "amount", "not valid JSON", "at '$.amount'");

        await _client.GetAsync($"/api/posts/{postId}", TestContext.Current.CancellationToken).AssertProblem(HttpStatusCode.NotFound, "NotFound", "postId");
    }
}
