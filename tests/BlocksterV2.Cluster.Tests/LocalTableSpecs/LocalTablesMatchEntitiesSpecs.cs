using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.Tests.LocalTableSpecs;

/// <summary>
/// The tables a node keeps in RAM, fed by what its journal commits, hold exactly the state the entities answer
/// with: the same fold over the same events. Checked on a RAM-only node; the SQLite node is checked by
/// <see cref="TablesReloadSpecs"/> before and after a restart.
/// </summary>
public sealed class LocalTablesMatchEntitiesSpecs() : BuxNodeKit(LocalOptions(), connectionString: null)
{
    [Fact]
    public async Task After_random_traffic_every_row_equals_its_entity()
    {
        var traffic = new EntityTraffic(this, seed: 17);
        await traffic.Run(operations: 250);

        var (users, posts) = await TablesAgree.WithEntities(this, traffic.Users, traffic.Posts);

        // the traffic did reach every kind of row it is meant to cover
        Assert.Contains(users, u => u.UserSmartWallet.Any(char.IsAsciiLetterUpper) && u.UserSmartWallet.Any(char.IsAsciiLetterLower));
        Assert.Contains(users, u => u.ExtraField1 is not null || u.ExtraField4 is not null);
        Assert.Contains(users, u => u.UserId.Contains(':'));
        Assert.Contains(posts, p => p.BuxDeposited > p.BuxBalance); // rewards were paid out of the pool
    }

    [Fact]
    public async Task An_acknowledged_credit_is_in_the_local_table_when_the_reply_arrives()
    {
        // No waiting: the journal applies the events to the tables before the write completes.
        for (var i = 1; i <= 200; i++)
        {
            var id = $"fresh:{i % 7}";
            var credited = await AskUser<UserBuxPoints>(new CreditUser(id, i, null, null));
            var row = Tables.Users.Get(id);
            Assert.True(row is not null, $"credit {i}: {id} not in the table right after the reply");
            TablesAgree.AssertSameUser(credited, row.ToRecord());
        }
    }
}
