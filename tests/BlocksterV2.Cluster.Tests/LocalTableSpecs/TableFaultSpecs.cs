using Akka.Event;
using BlocksterV2.Cluster.Entities;
using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Cluster.Persistence;
using BlocksterV2.Domain.Posts;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.Tests.LocalTableSpecs;

/// <summary>
/// The tables' failure paths never fail the journal or the node: an event that cannot be folded is counted and
/// the feed goes on; a checkpoint that cannot be written leaves the last good one and is tried again.
/// </summary>
public sealed class TableFaultSpecs : IDisposable
{
    private static readonly DateTime At = new(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc);
    private readonly string _directory = Directory.CreateTempSubdirectory("bux-table-fault-spec-").FullName;
    private readonly NodeTables _tables = new(NoLogger.Instance);

    [Fact]
    public void An_event_that_cannot_be_folded_is_counted_as_a_feed_fault_and_the_events_after_it_still_apply()
    {
        _tables.Apply(
        [
            // settling a reward that never left the post's pool: the fold has no pending reward to settle
            new CommittedEvent(1, PersistenceIds.Post("post-1"), new ReadRewardSettled("user-1", 10, At)),
            new CommittedEvent(2, PersistenceIds.User("user-1"), new UserCredited(7, "after the fault", At, null)),
        ]);

        Assert.Equal(1, _tables.FeedFaults);
        Assert.Equal(2, _tables.AppliedPosition);
        Assert.Equal(7, _tables.Users.Get("user-1")!.Balance);
        Assert.Null(_tables.Posts.Get("post-1"));
    }

    [Fact]
    public void A_checkpoint_that_cannot_be_written_leaves_none_recorded_and_the_next_one_is_written_where_it_can_be()
    {
        _tables.Apply([new CommittedEvent(1, PersistenceIds.User("user-1"), new UserCredited(5, null, At, null))]);
        var unwritable = Path.Combine(_directory, "no-such-directory", TableCheckpoint.FileName);
        using (var failing = new TableCheckpointer(_tables, unwritable, new LocalTablesOptions(), NoLogger.Instance))
        {
            failing.WriteNow();
            Assert.Null(_tables.LastCheckpoint);
            Assert.False(File.Exists(unwritable));
        }

        var writable = Path.Combine(_directory, TableCheckpoint.FileName);
        using var checkpointer = new TableCheckpointer(_tables, writable, new LocalTablesOptions(), NoLogger.Instance);
        checkpointer.WriteNow();
        Assert.Equal(1, _tables.LastCheckpoint?.Position);
        Assert.Equal(5, TableCheckpoint.TryRead(writable, out _)!.Users.Single().Balance);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
