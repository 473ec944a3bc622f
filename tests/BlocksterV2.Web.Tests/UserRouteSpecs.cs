using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlocksterV2.Web.Tests.Support;
using static BlocksterV2.Web.Tests.Support.Http;

namespace BlocksterV2.Web.Tests;

/// <summary>The user routes on an open (no API key), ready, RAM-only node.</summary>
public sealed class UserRouteSpecs(OpenNodeFixture node) : IClassFixture<OpenNodeFixture>
{
    private readonly HttpClient _client = node.Client;

    private const string Wallet = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"; // EIP-55 checksummed: its case is kept

    [Fact]
    public async Task Credit_creates_the_user_and_get_reads_it_back()
    {
        var id = NewId("user");

        var credited = await _client.Credit(id, 25, "signup bonus").Ok<UserDto>();
        var read = await _client.GetUser(id);

        Assert.Equal(id, credited.UserId);
        Assert.Equal(25, credited.BuxBalance);
        Assert.Equal(1, credited.Version);
        Assert.Equal(credited, read);
    }

    [Fact]
    public async Task Get_user_reply_uses_the_camel_case_field_names_of_user_bux_points()
    {
        var id = NewId("user");
        await _client.Credit(id, 1).Ok<UserDto>();

        using var response = await _client.GetAsync($"/api/users/{id}", TestContext.Current.CancellationToken);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;

        var names = body.EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "userId", "userSmartWallet", "buxBalance", "extraField1", "extraField2", "extraField3", "extraField4",
            "createdAt", "updatedAt", "version",
        }, names);
    }

    [Fact]
    public async Task Debit_takes_bux_from_the_balance()
    {
        var id = NewId("user");
        await _client.Credit(id, 50).Ok<UserDto>();

        var debited = await _client.Debit(id, 20, "bought a badge").Ok<UserDto>();

        Assert.Equal(30, debited.BuxBalance);
        Assert.Equal(2, debited.Version);
        Assert.Equal(30, (await _client.GetUser(id)).BuxBalance);
    }

    [Fact]
    public async Task Debit_of_the_whole_balance_leaves_zero()
    {
        var id = NewId("user");
        await _client.Credit(id, 7).Ok<UserDto>();

        var debited = await _client.Debit(id, 7).Ok<UserDto>();

        Assert.Equal(0, debited.BuxBalance);
    }

    [Fact]
    public async Task Set_wallet_stores_the_address()
    {
        var id = NewId("user");

        var updated = await _client.PutAsJsonAsync($"/api/users/{id}/wallet", new { wallet = Wallet }, TestContext.Current.CancellationToken).Ok<UserDto>();

        Assert.Equal(Wallet, updated.UserSmartWallet);
        Assert.Equal(Wallet, (await _client.GetUser(id)).UserSmartWallet);
    }

    [Fact]
    public async Task Put_user_with_version_zero_creates_the_whole_record_and_the_next_version_replaces_it()
    {
        var id = NewId("user");

        var created = await _client.PutAsJsonAsync($"/api/users/{id}", new
        {
            expectedVersion = 0,
            userSmartWallet = Wallet,
            buxBalance = 42,
            extraField1 = "one",
            extraField2 = "two",
            extraField3 = (string?)null,
            extraField4 = "four",
        }, TestContext.Current.CancellationToken).Ok<UserDto>();

        Assert.Equal(1, created.Version);
        Assert.Equal(42, created.BuxBalance);
        Assert.Equal(Wallet, created.UserSmartWallet);
        Assert.Equal(("one", "two", (string?)null, "four"), (created.ExtraField1, created.ExtraField2, created.ExtraField3, created.ExtraField4));
        Assert.Equal(created, await _client.GetUser(id));

        var replaced = await _client.PutAsJsonAsync($"/api/users/{id}", new { expectedVersion = created.Version, userSmartWallet = "", buxBalance = 5 }, TestContext.Current.CancellationToken)
            .Ok<UserDto>();

        Assert.Equal(2, replaced.Version);
        Assert.Equal(5, replaced.BuxBalance);
        Assert.Equal("", replaced.UserSmartWallet);
        Assert.Null(replaced.ExtraField1);
    }

    [Fact]
    public async Task Put_user_with_a_stale_version_is_a_409_conflict_and_changes_nothing()
    {
        var id = NewId("user");
        await _client.Credit(id, 10).Ok<UserDto>();
        var current = await _client.Credit(id, 10).Ok<UserDto>();

        await _client.PutAsJsonAsync($"/api/users/{id}", new { expectedVersion = 1, buxBalance = 999 }, TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.Conflict, "VersionConflict", "expectedVersion", id, "version 2", "not 1");

        Assert.Equal(current, await _client.GetUser(id));
    }

    [Fact]
    public async Task Put_user_that_does_not_exist_with_a_nonzero_version_is_a_409_conflict()
    {
        var id = NewId("user");

        await _client.PutAsJsonAsync($"/api/users/{id}", new { expectedVersion = 3, buxBalance = 1 }, TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.Conflict, "VersionConflict", "expectedVersion", "version 0", "not 3");

        await _client.GetAsync($"/api/users/{id}", TestContext.Current.CancellationToken).AssertProblem(HttpStatusCode.NotFound, "NotFound", "userId");
    }

    [Fact]
    public async Task Get_unknown_user_is_a_404_problem()
    {
        var id = NewId("ghost");

        await _client.GetAsync($"/api/users/{id}", TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.NotFound, "NotFound", "userId", $"user '{id}' does not exist");
    }

    [Fact]
    public async Task Debit_beyond_the_balance_is_a_409_overdraft_and_changes_nothing()
    {
        var id = NewId("user");
        var before = await _client.Credit(id, 10).Ok<UserDto>();

        await _client.Debit(id, 11).AssertProblem(HttpStatusCode.Conflict, "Overdraft", "amount", "would overdraw", id, "balance 10");

        Assert.Equal(before, await _client.GetUser(id));
    }

    [Fact]
    public async Task Debit_of_a_user_that_never_had_bux_is_an_overdraft()
    {
        var id = NewId("user");

        await _client.Debit(id, 1).AssertProblem(HttpStatusCode.Conflict, "Overdraft", "amount", "balance 0");
    }

    [Fact]
    public async Task Same_idempotency_key_and_same_request_replays_the_first_result_and_credits_once()
    {
        var id = NewId("user");
        var key = NewId("key");

        var first = await _client.Credit(id, 15, "daily", key).Ok<UserDto>();
        var again = await _client.Credit(id, 15, "daily", key).Ok<UserDto>();

        Assert.Equal(15, first.BuxBalance);
        Assert.Equal(first, again);
        var stored = await _client.GetUser(id);
        Assert.Equal(15, stored.BuxBalance);
        Assert.Equal(1, stored.Version);
    }

    [Fact]
    public async Task Same_idempotency_key_on_a_debit_replays_and_debits_once()
    {
        var id = NewId("user");
        var key = NewId("key");
        await _client.Credit(id, 100).Ok<UserDto>();

        var first = await _client.Debit(id, 30, "shop", key).Ok<UserDto>();
        var again = await _client.Debit(id, 30, "shop", key).Ok<UserDto>();

        Assert.Equal(first, again);
        Assert.Equal(70, (await _client.GetUser(id)).BuxBalance);
    }

    [Fact]
    public async Task Idempotency_key_reused_for_a_different_request_is_a_409_conflict_and_changes_nothing()
    {
        var id = NewId("user");
        var key = NewId("key");
        var first = await _client.Credit(id, 15, "daily", key).Ok<UserDto>();

        await _client.Credit(id, 16, "daily", key)
            .AssertProblem(HttpStatusCode.Conflict, "IdempotencyConflict", "idempotencyKey", key, "different request");
        await _client.Debit(id, 15, "daily", key)
            .AssertProblem(HttpStatusCode.Conflict, "IdempotencyConflict", "idempotencyKey", key);

        Assert.Equal(first, await _client.GetUser(id));
    }

    [Fact]
    public async Task Credit_that_would_overflow_long_is_a_400_and_changes_nothing()
    {
        var id = NewId("user");
        var full = await _client.Credit(id, long.MaxValue - 1).Ok<UserDto>();

        await _client.Credit(id, 2).AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "amount", "overflow", long.MaxValue.ToString());

        Assert.Equal(full, await _client.GetUser(id));
        Assert.Equal(long.MaxValue, (await _client.Credit(id, 1).Ok<UserDto>()).BuxBalance);
    }

    [Theory]
    [InlineData("credit", 0L)]
    [InlineData("credit", -5L)]
    [InlineData("debit", 0L)]
    [InlineData("debit", -1L)]
    public async Task Amount_of_zero_or_less_is_a_400(string route, long amount)
    {
        var id = NewId("user");
        var before = await _client.Credit(id, 10).Ok<UserDto>();

        await _client.PostAsJsonAsync($"/api/users/{id}/{route}", new { amount, reason = "x" }, TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "amount", "greater than 0", $"got {amount}");

        Assert.Equal(before, await _client.GetUser(id));
    }

    [Fact]
    public async Task Reason_longer_than_256_characters_is_a_400()
    {
        var id = NewId("user");

        await _client.Credit(id, 1, new string('r', 257)).AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "reason", "at most 256");
    }

    [Fact]
    public async Task Put_user_with_a_negative_balance_is_a_400()
    {
        var id = NewId("user");

        await _client.PutAsJsonAsync($"/api/users/{id}", new { expectedVersion = 0, buxBalance = -1 }, TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "buxBalance", "must not be negative");
    }

    [Fact]
    public async Task Put_user_with_a_bad_wallet_is_a_400_naming_user_smart_wallet()
    {
        var id = NewId("user");

        await _client.PutAsJsonAsync($"/api/users/{id}", new { expectedVersion = 0, userSmartWallet = "0xnothex", buxBalance = 1 }, TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "userSmartWallet", "0x followed by 40 hexadecimal digits");
    }

    [Theory]
    [InlineData("0x123")]
    [InlineData("0x00112233445566778899aabbccddeeff0011223g")]
    [InlineData("1x00112233445566778899aabbccddeeff00112233")]
    [InlineData("0x00112233445566778899aabbccddeeff001122334")]
    public async Task Bad_wallet_is_a_400_and_changes_nothing(string wallet)
    {
        var id = NewId("user");
        var before = await _client.PutAsJsonAsync($"/api/users/{id}/wallet", new { wallet = Wallet }, TestContext.Current.CancellationToken).Ok<UserDto>();

        await _client.PutAsJsonAsync($"/api/users/{id}/wallet", new { wallet }, TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "wallet", "0x followed by 40 hexadecimal digits");

        Assert.Equal(before, await _client.GetUser(id));
    }

    [Fact]
    public async Task A_mixed_case_wallet_with_a_wrong_checksum_is_a_400_naming_the_right_one_and_lower_case_is_accepted()
    {
        var id = NewId("user");
        var before = await _client.PutAsJsonAsync($"/api/users/{id}/wallet", new { wallet = Wallet }, TestContext.Current.CancellationToken).Ok<UserDto>();
        var typo = "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"; // Wallet with one letter's case flipped

        await _client.PutAsJsonAsync($"/api/users/{id}/wallet", new { wallet = typo }, TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "wallet", "EIP-55 checksum", $"expected {Wallet}");
        Assert.Equal(before, await _client.GetUser(id));

        var lower = await _client.PutAsJsonAsync($"/api/users/{id}/wallet", new { wallet = typo.ToLowerInvariant() }, TestContext.Current.CancellationToken).Ok<UserDto>();
        Assert.Equal(typo.ToLowerInvariant(), lower.UserSmartWallet);
    }

    [Fact]
    public async Task Missing_wallet_is_a_400()
    {
        var id = NewId("user");

        await _client.PutAsync($"/api/users/{id}/wallet", RawJson("{}"), TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "wallet", "wallet is required");
    }

    [Theory]
    [InlineData("GET", "", null)]
    [InlineData("PUT", "", """{"expectedVersion":0,"buxBalance":1}""")]
    [InlineData("PUT", "/wallet", $$"""{"wallet":"{{Wallet}}"}""")]
    [InlineData("POST", "/credit", """{"amount":1}""")]
    [InlineData("POST", "/debit", """{"amount":1}""")]
    public async Task Id_with_a_character_outside_the_allowed_set_is_a_400_on_every_user_route(string method, string suffix, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/users/bad!id{suffix}");
        if (body is not null)
            request.Content = RawJson(body);

        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);

        await response.AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "userId", "may contain only", "found '!'");
    }

    [Fact]
    public async Task Id_with_an_escaped_space_is_a_400()
    {
        await _client.GetAsync("/api/users/bad%20id", TestContext.Current.CancellationToken).AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "userId", "found ' '");
    }

    [Fact]
    public async Task Id_longer_than_128_characters_is_a_400_and_128_is_accepted()
    {
        var atLimit = NewId("u").PadRight(128, 'x');
        var tooLong = atLimit + "x";

        await _client.Credit(tooLong, 1)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "userId", "at most 128 characters", "got 129");
        await _client.GetAsync($"/api/users/{tooLong}", TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "userId", "got 129");

        Assert.Equal(1, (await _client.Credit(atLimit, 1).Ok<UserDto>()).BuxBalance);
    }

    [Fact]
    public async Task Idempotency_key_with_bad_characters_is_a_400()
    {
        var id = NewId("user");

        await _client.Credit(id, 1, key: "key with spaces")
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "idempotencyKey", "may contain only");
    }

    [Fact]
    public async Task Malformed_json_body_is_a_400_problem_naming_the_json_path()
    {
        var id = NewId("user");

        var problem = await _client.PostAsync($"/api/users/{id}/credit", RawJson("""{"amount": 5, "reason": }"""), TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "reason", "not valid JSON", "$.reason");

        Assert.Equal("Invalid input", problem.Title);
        await _client.GetAsync($"/api/users/{id}", TestContext.Current.CancellationToken).AssertProblem(HttpStatusCode.NotFound, "NotFound", "userId");
    }

    [Fact]
    public async Task Truncated_json_body_is_a_400_problem()
    {
        var id = NewId("user");

        await _client.PostAsync($"/api/users/{id}/credit", RawJson("""{"amount": 5"""), TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "amount", "not valid JSON");
    }

    [Theory]
    [InlineData("""{"amount": "ten"}""")]
    [InlineData("""{"amount": true}""")]
    [InlineData("""{"amount": [1]}""")]
    [InlineData("""{"amount": 1.5}""")]
    [InlineData("""{"amount": 9223372036854775808}""")]
    public async Task Wrong_json_type_is_a_400_naming_the_field(string json)
    {
        var id = NewId("user");

        await _client.PostAsync($"/api/users/{id}/credit", RawJson(json), TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "amount", "$.amount");
    }

    [Fact]
    public async Task Wrong_json_type_for_a_string_field_is_a_400_naming_that_field()
    {
        var id = NewId("user");

        await _client.PutAsync($"/api/users/{id}/wallet", RawJson("""{"wallet": 12}"""), TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "wallet", "$.wallet");
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("[1]")]
    public async Task Body_that_is_not_a_json_object_is_a_400_problem_naming_the_body(string json)
    {
        var id = NewId("user");

        await _client.PostAsync($"/api/users/{id}/credit", RawJson(json), TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "body", "JSON", "at '$'");
    }

    [Fact]
    public async Task Empty_body_is_a_400_problem_naming_the_body()
    {
        var id = NewId("user");

        await _client.PostAsync($"/api/users/{id}/credit", RawJson(""), TestContext.Current.CancellationToken)
            .AssertProblem(HttpStatusCode.BadRequest, "InvalidInput", "body");
    }
}
