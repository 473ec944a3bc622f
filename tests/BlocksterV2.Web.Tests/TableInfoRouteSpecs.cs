using System.Text.Json;
using BlocksterV2.Web.Tests.Support;
using static BlocksterV2.Web.Tests.Support.Http;

namespace BlocksterV2.Web.Tests;

/// <summary>
/// <c>GET /api/tables</c> and <c>/api/tables/{name}</c> report this node's copy as <c>table_info</c> did: rows, RAM
/// taken (growing with the rows), storage mode and where the copy lives (a RAM-only node has no journal file).
/// </summary>
public sealed class TableInfoRouteSpecs(OpenNodeFixture node) : IClassFixture<OpenNodeFixture>
{
    private readonly HttpClient _client = node.Client;

    private async Task<JsonElement> Table(string name) => await _client.GetAsync($"/api/tables/{name}").Ok<JsonElement>();

    [Fact]
    public async Task Size_memory_and_applied_position_grow_with_the_rows()
    {
        var usersBefore = await Table("user_bux_points");
        var postsBefore = await Table("post_bux_points");

        for (var i = 0; i < 40; i++)
            await _client.Credit(NewId("u:info"), 1 + i).Ok<UserDto>();
        for (var i = 0; i < 5; i++)
            await _client.Configure(NewId("p:info"), 1, 0).Ok<PostDto>();

        var usersAfter = await Table("user_bux_points");
        var postsAfter = await Table("post_bux_points");
        Assert.Equal(usersBefore.GetProperty("size").GetInt64() + 40, usersAfter.GetProperty("size").GetInt64());
        Assert.Equal(postsBefore.GetProperty("size").GetInt64() + 5, postsAfter.GetProperty("size").GetInt64());
        Assert.True(usersAfter.GetProperty("memoryBytes").GetInt64() > usersBefore.GetProperty("memoryBytes").GetInt64());
        Assert.True(postsAfter.GetProperty("memoryBytes").GetInt64() > postsBefore.GetProperty("memoryBytes").GetInt64());
        // 45 events were journaled, each applied to the copy before its reply
        Assert.True(usersAfter.GetProperty("copy").GetProperty("appliedPosition").GetInt64()
                    >= usersBefore.GetProperty("copy").GetProperty("appliedPosition").GetInt64() + 45);
    }

    [Fact]
    public async Task Each_table_shows_its_resident_entities_and_the_nodes_limit()
    {
        await _client.Credit(NewId("u:resident"), 1).Ok<UserDto>();

        var users = (await Table("user_bux_points")).GetProperty("entities");
        var limit = new BlocksterV2.Cluster.Hosting.BuxNodeOptions().Entities.EffectiveMaxResident();

        Assert.InRange(users.GetProperty("resident").GetInt32(), 1, limit);
        Assert.Equal(limit, users.GetProperty("limit").GetInt32());
        Assert.Equal(0, users.GetProperty("passivations").GetInt64());
        Assert.Equal(limit, (await Table("post_bux_points")).GetProperty("entities").GetProperty("limit").GetInt32());
    }

    [Fact]
    public async Task Memory_is_positive_and_in_proportion_to_the_rows()
    {
        for (var i = 0; i < 10; i++)
            await _client.Credit(NewId("u:mem"), 5).Ok<UserDto>();

        var table = await Table("user_bux_points");
        var size = table.GetProperty("size").GetInt64();
        var memory = table.GetProperty("memoryBytes").GetInt64();

        Assert.True(size >= 10);
        // at least each row's object and key; far less than a kilobyte a row for rows without extra fields
        Assert.True(memory > size * 64, $"{memory} bytes for {size} rows");
        Assert.True(memory < 64_000 + size * 1024, $"{memory} bytes for {size} rows");
    }

    [Fact]
    public async Task A_ram_only_copy_has_no_journal_file_and_no_checkpoint()
    {
        var tables = await _client.GetAsync("/api/tables", TestContext.Current.CancellationToken).Ok<JsonElement>();

        Assert.All(tables.EnumerateArray(), table =>
        {
            Assert.Equal("RamCopies", table.GetProperty("storage").GetString());
            var copy = table.GetProperty("copy");
            Assert.StartsWith("akka.tcp://", copy.GetProperty("node").GetString());
            Assert.Equal(JsonValueKind.Null, copy.GetProperty("journal").ValueKind);
            Assert.Equal(JsonValueKind.Null, copy.GetProperty("checkpoint").ValueKind);
            Assert.Equal(JsonValueKind.Null, copy.GetProperty("checkpointPosition").ValueKind);
            Assert.Equal(0, copy.GetProperty("feedFaults").GetInt64());
            Assert.True(table.GetProperty("memoryBytes").GetInt64() > 0, "even an empty table holds its key map and indexes");
        });
    }

    [Fact]
    public async Task The_list_and_the_single_table_report_the_same_copy()
    {
        await _client.Credit(NewId("u:same"), 3).Ok<UserDto>();

        var listed = (await _client.GetAsync("/api/tables", TestContext.Current.CancellationToken).Ok<JsonElement>()).EnumerateArray()
            .Single(t => t.GetProperty("name").GetString() == "user_bux_points");
        var single = await Table("user_bux_points");

        // nothing wrote in between: the same rows, bytes and position
        Assert.Equal(listed.GetProperty("size").GetInt64(), single.GetProperty("size").GetInt64());
        Assert.Equal(listed.GetProperty("memoryBytes").GetInt64(), single.GetProperty("memoryBytes").GetInt64());
        Assert.Equal(listed.GetProperty("copy").GetProperty("appliedPosition").GetInt64(), single.GetProperty("copy").GetProperty("appliedPosition").GetInt64());
    }

    [Fact]
    public async Task One_table_asked_by_name_lists_every_members_copy_here_only_this_ram_only_nodes_own_with_its_digest()
    {
        await _client.Credit(NewId("u:copies"), 3).Ok<UserDto>();

        var table = await Table("user_bux_points");

        var copy = table.GetProperty("copy");
        var member = Assert.Single(table.GetProperty("copies").EnumerateArray());
        Assert.Equal(copy.GetProperty("node").GetString(), member.GetProperty("node").GetString());
        Assert.Equal("ram-only (not replicated)", member.GetProperty("state").GetString());
        Assert.Equal(0, member.GetProperty("behind").GetInt64());
        Assert.Equal(0, member.GetProperty("conflicts").GetInt64());
        Assert.Equal(copy.GetProperty("digest").GetString(), member.GetProperty("digest").GetString());
        Assert.StartsWith($"{table.GetProperty("size").GetInt64()}:", copy.GetProperty("digest").GetString());
    }
}
