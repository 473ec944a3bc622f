using Akka.Event;
using BlocksterV2.Cluster.Entities;
using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Cluster.Persistence;
using BlocksterV2.Cluster.Replication;
using BlocksterV2.Domain.Tables;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.Tests.Replication;

/// <summary>The small pieces copies are compared and kept by: table digests, rebuilt rows, and the members a copy ran with.</summary>
public sealed class CopyBookkeepingSpecs : IDisposable
{
    private static readonly DateTime At = new(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static CommittedEvent Credit(long position, string user, long amount) =>
        new(position, PersistenceIds.User(user), new UserCredited(amount, null, At, null), Own: false);

    [Fact]
    public void Two_copies_with_the_same_rows_have_one_digest_whatever_order_the_events_came_in_and_any_difference_changes_it()
    {
        var first = new NodeTables(NoLogger.Instance);
        var second = new NodeTables(NoLogger.Instance);
        first.Apply([Credit(1, "alice", 10), Credit(2, "bob", 5)]);
        second.Apply([Credit(7, "bob", 5), Credit(9, "alice", 10)]);

        Assert.Equal(first.Digest(BuxTables.UserBuxPoints), second.Digest(BuxTables.UserBuxPoints));
        second.Apply([Credit(10, "bob", 1)]);
        Assert.NotEqual(first.Digest(BuxTables.UserBuxPoints), second.Digest(BuxTables.UserBuxPoints));
    }

    [Fact]
    public void A_row_rebuilt_from_its_remaining_history_replaces_the_folded_one_and_an_empty_history_removes_it()
    {
        var tables = new NodeTables(NoLogger.Instance);
        tables.Apply([Credit(1, "alice", 10), Credit(2, "alice", 5), Credit(3, "bob", 1)]);

        tables.Rebuild(new Dictionary<string, IReadOnlyList<object>>
        {
            [PersistenceIds.User("alice")] = [new UserCredited(10, null, At, null)],
            [PersistenceIds.User("bob")] = [],
        }, conflictsUpTo: 2);

        Assert.Equal(10, tables.Users.Get("alice")!.Balance);
        Assert.Equal(1, tables.Users.Get("alice")!.Version);
        Assert.Null(tables.Users.Get("bob"));
        Assert.Equal(1, tables.Users.Count);
        Assert.Single(tables.Users.Top(10));
        Assert.Equal(2, tables.Cut().ConflictsReflected);
    }

    [Fact]
    public void A_copy_remembers_the_members_it_ran_with_and_which_it_saw_leave()
    {
        var records = new MemberRecords(_db.ConnectionString);
        records.Record("akka.tcp://blockster@127.0.0.3:4053", present: true);
        records.Record("akka.tcp://blockster@127.0.0.4:4053", present: true);
        records.Record("akka.tcp://blockster@127.0.0.4:4053", present: false);

        Assert.Equal(["akka.tcp://blockster@127.0.0.3:4053"], records.Present("akka.tcp://blockster@127.0.0.2:4053"));
        Assert.Empty(records.Present("akka.tcp://blockster@127.0.0.3:4053"));
        records.Record("akka.tcp://blockster@127.0.0.4:4053", present: true);
        Assert.Equal(2, records.Present("self").Count);
    }
}
