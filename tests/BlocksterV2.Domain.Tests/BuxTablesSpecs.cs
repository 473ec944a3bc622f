using BlocksterV2.Domain.Tables;

namespace BlocksterV2.Domain.Tests;

public class BuxTablesSpecs
{
    private static readonly string[] UserSeedFields =
    [
        "user_id", "user_smart_wallet", "bux_balance", "extra_field1", "extra_field2", "extra_field3", "extra_field4",
        "created_at", "updated_at",
    ];

    private static readonly string[] PostSeedFields =
    [
        "post_id", "reward", "read_time", "bux_balance", "bux_deposited", "extra_field1", "extra_field2", "extra_field3",
        "extra_field4", "created_at", "updated_at",
    ];

    [Fact]
    public void Both_seed_tables_are_named()
    {
        Assert.Equal(["user_bux_points", "post_bux_points"], BuxTables.TableNames());
        Assert.Equal(BuxTables.TableNames(), BuxTables.Tables(StorageMode.DiscCopies).Select(t => t.Name));
    }

    [Theory]
    [InlineData(StorageMode.DiscCopies)]
    [InlineData(StorageMode.RamCopies)]
    public void User_table_has_every_seed_field_its_key_and_indexes(StorageMode storage)
    {
        var table = Assert.IsType<TableDefinition>(BuxTables.Find("user_bux_points", storage));
        var fields = table.Fields.Select(f => f.Name).ToList();
        Assert.All(UserSeedFields, f => Assert.Contains(f, fields));
        Assert.Equal(UserSeedFields, fields.Take(UserSeedFields.Length));
        Assert.Equal("user_id", table.Key);
        Assert.Equal(["bux_balance", "updated_at"], table.IndexedFields);
        Assert.Equal(storage, table.Storage);
    }

    [Theory]
    [InlineData(StorageMode.DiscCopies)]
    [InlineData(StorageMode.RamCopies)]
    public void Post_table_has_every_seed_field_its_key_and_indexes(StorageMode storage)
    {
        var table = Assert.IsType<TableDefinition>(BuxTables.Find("post_bux_points", storage));
        var fields = table.Fields.Select(f => f.Name).ToList();
        Assert.All(PostSeedFields, f => Assert.Contains(f, fields));
        Assert.Equal(PostSeedFields, fields.Take(PostSeedFields.Length));
        Assert.Equal("post_id", table.Key);
        Assert.Equal(["bux_balance", "updated_at"], table.IndexedFields);
        Assert.Equal(storage, table.Storage);
    }

    [Fact]
    public void Every_table_is_consistent()
    {
        foreach (var table in BuxTables.Tables(StorageMode.DiscCopies))
        {
            var names = table.Fields.Select(f => f.Name).ToList();
            Assert.Equal(names.Count, names.Distinct().Count());
            Assert.Contains(table.Key, names);
            Assert.All(table.IndexedFields, f => Assert.Contains(f, names));
            Assert.DoesNotContain(table.Key, table.IndexedFields);
            Assert.All(table.Fields, f =>
            {
                Assert.False(string.IsNullOrWhiteSpace(f.Type), f.Name);
                Assert.False(string.IsNullOrWhiteSpace(f.Description), f.Name);
            });
        }
    }

    [Fact]
    public void An_unknown_table_is_not_found()
    {
        Assert.Null(BuxTables.Find("bux_points", StorageMode.DiscCopies));
        Assert.Null(BuxTables.Find("USER_BUX_POINTS", StorageMode.DiscCopies));
    }
}
