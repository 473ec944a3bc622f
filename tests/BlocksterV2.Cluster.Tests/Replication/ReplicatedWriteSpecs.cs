using BlocksterV2.Cluster.Entities;
using BlocksterV2.Cluster.Persistence;

namespace BlocksterV2.Cluster.Tests.Replication;

/// <summary>
/// How the node's writer stores events: its own, numbered under this start's origin; other nodes', under theirs, in
/// order, once each; and two different events at one position settled the same way on every copy.
/// </summary>
public sealed class ReplicatedWriteSpecs : IDisposable
{
    private const string Other = "other-node-start";
    private readonly WriterKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Fact]
    public async Task Own_events_are_numbered_one_two_three_under_this_starts_origin_in_commit_order()
    {
        await _kit.WriteOwn(_kit.Own("alice", 1, 10), _kit.Own("bob", 1, 5));
        await _kit.WriteOwn(_kit.Own("alice", 2, 1));

        Assert.Equal([(1L, WriterKit.OwnUuid, 1L), (2L, WriterKit.OwnUuid, 3L)], _kit.Journal("alice").Select(r => (r.Seq, r.Writer, r.OriginSeq)));
        Assert.Equal(3, _kit.Writer.Own.Contiguous);
        Assert.True(_kit.Origins.Find(WriterKit.OwnUuid)!.Own);
        Assert.Equal(11, _kit.Balance("alice"));
    }

    [Fact]
    public async Task An_event_of_another_node_is_stored_with_its_writer_and_timestamp_and_feeds_the_tables_without_reporting_the_change()
    {
        var e = _kit.Replica(Other, 1, "alice", 1, 10, createdTicks: 123456789);

        var stored = await _kit.Writer.WriteReplicas([e], ReplicaMode.Live);

        Assert.Equal(1, stored.Inserted);
        Assert.Equal([(1L, Other, 123456789L, 1L)], _kit.Journal("alice"));
        Assert.Equal(1, _kit.Origins.Find(Other)!.Contiguous);
        Assert.Equal(10, _kit.Balance("alice"));
        // the node that wrote it reports it to the leaderboard; this one does not, so the board is written once per change
        Assert.Empty(_kit.Tables.TakeChangedUsers());
    }

    [Fact]
    public async Task The_same_event_sent_twice_is_stored_once()
    {
        var e = _kit.Replica(Other, 1, "alice", 1, 10);
        await _kit.Writer.WriteReplicas([e], ReplicaMode.Live);

        var again = await _kit.Writer.WriteReplicas([e], ReplicaMode.Repair);

        Assert.Equal(0, again.Inserted);
        Assert.Single(_kit.Journal("alice"));
        Assert.Equal(10, _kit.Balance("alice"));
    }

    [Fact]
    public async Task A_live_batch_that_follows_a_gap_in_its_origins_events_is_not_stored()
    {
        var stored = await _kit.Writer.WriteReplicas([_kit.Replica(Other, 2, "alice", 1, 10)], ReplicaMode.Live);

        Assert.Equal(ReplicaOutcome.OriginGap, stored.Stopped);
        Assert.Empty(_kit.Journal("alice"));
        Assert.Equal(0, _kit.Origins.Find(Other)!.Contiguous);
    }

    [Fact]
    public async Task An_event_whose_entity_lacks_the_event_before_it_is_not_stored_nor_anything_after_it()
    {
        var stored = await _kit.Writer.WriteReplicas([_kit.Replica(Other, 1, "alice", 2, 10), _kit.Replica(Other, 2, "bob", 1, 5)], ReplicaMode.Pull);

        Assert.Equal(ReplicaOutcome.EntityGap, stored.Stopped);
        Assert.Equal(0, stored.Processed);
        Assert.Empty(_kit.Journal("alice"));
        Assert.Empty(_kit.Journal("bob"));
    }

    [Fact]
    public async Task A_pull_skips_what_the_origin_watermark_says_is_here_and_moves_the_watermark_past_events_already_held_out_of_order()
    {
        // a read repair stored the origin's third event before its first two arrived
        await _kit.Writer.WriteReplicas([_kit.Replica(Other, 3, "carol", 1, 1)], ReplicaMode.Repair);
        Assert.Equal(0, _kit.Origins.Find(Other)!.Contiguous);

        await _kit.Writer.WriteReplicas([_kit.Replica(Other, 1, "alice", 1, 10), _kit.Replica(Other, 2, "bob", 1, 5)], ReplicaMode.Pull);

        Assert.Equal(3, _kit.Origins.Find(Other)!.Contiguous);
        var skipped = await _kit.Writer.WriteReplicas([_kit.Replica(Other, 2, "bob", 1, 5)], ReplicaMode.Pull);
        Assert.Equal(0, skipped.Inserted);
    }

    [Fact]
    public async Task A_later_event_at_a_taken_position_wins_the_earlier_one_and_what_followed_it_move_to_the_conflicts_table_and_the_row_is_rebuilt()
    {
        await _kit.WriteOwn(_kit.Own("alice", 1, 10, createdTicks: 100));
        await _kit.WriteOwn(_kit.Own("alice", 2, 5, createdTicks: 200));
        await _kit.WriteOwn(_kit.Own("alice", 3, 1, createdTicks: 300));

        var stored = await _kit.Writer.WriteReplicas([_kit.Replica(Other, 1, "alice", 2, 7, createdTicks: 1000)], ReplicaMode.Pull);

        Assert.Equal(1, stored.Conflicts);
        Assert.Contains(PersistenceIds.User("alice"), stored.Replaced);
        Assert.Equal([(1L, WriterKit.OwnUuid), (2L, Other)], _kit.Journal("alice").Select(r => (r.Seq, r.Writer)));
        Assert.Equal([2L, 3L], _kit.Conflicts().Select(c => c.SequenceNr).Order());
        Assert.All(_kit.Conflicts(), c => Assert.Equal(Other, c.KeptWriter));
        Assert.Equal(17, _kit.Balance("alice"));
        Assert.Contains(PersistenceIds.User("alice"), _kit.Rewritten);
    }

    [Fact]
    public async Task An_earlier_event_at_a_taken_position_goes_to_the_conflicts_table_and_the_copy_keeps_what_it_holds()
    {
        await _kit.WriteOwn(_kit.Own("alice", 1, 10, createdTicks: 1000));

        var stored = await _kit.Writer.WriteReplicas([_kit.Replica(Other, 1, "alice", 1, 99, createdTicks: 100)], ReplicaMode.Live);

        Assert.Equal(0, stored.Inserted);
        Assert.Equal(1, stored.Conflicts);
        Assert.Equal([WriterKit.OwnUuid], _kit.Journal("alice").Select(r => r.Writer));
        var refused = Assert.Single(_kit.Conflicts());
        Assert.Equal(Other, refused.Writer);
        Assert.Equal(10, _kit.Balance("alice"));
        Assert.Equal(1, _kit.Origins.Find(Other)!.Contiguous);
    }

    [Fact]
    public async Task A_retracted_commit_leaves_the_journal_and_the_tables_and_its_numbers_are_not_reused()
    {
        await _kit.WriteOwn(_kit.Own("alice", 1, 10));
        await _kit.WriteOwn(_kit.Own("alice", 2, 5), _kit.Own("bob", 1, 3));

        var moved = await _kit.Writer.Retract(WriterKit.OwnUuid, WriterKit.OwnNode, 2, 3, "not acknowledged by the cluster: spec");

        Assert.Equal(2, moved);
        Assert.Single(_kit.Journal("alice"));
        Assert.Empty(_kit.Journal("bob"));
        Assert.Equal(10, _kit.Balance("alice"));
        Assert.Null(_kit.Tables.Users.Get("bob"));
        Assert.All(_kit.Conflicts(), c => Assert.StartsWith("not acknowledged", c.Reason));
        await _kit.WriteOwn(_kit.Own("alice", 2, 1));
        Assert.Equal(4, _kit.Journal("alice")[1].OriginSeq);
    }

    [Fact]
    public async Task A_copy_that_takes_back_what_an_origin_retracted_moves_its_watermark_past_the_retracted_numbers()
    {
        await _kit.Writer.WriteReplicas([_kit.Replica(Other, 1, "alice", 1, 10), _kit.Replica(Other, 2, "alice", 2, 5)], ReplicaMode.Live);

        await _kit.Writer.Retract(Other, "akka.tcp://blockster@127.0.0.3:4053", 2, 3, "not acknowledged by the cluster: spec");

        Assert.Single(_kit.Journal("alice"));
        Assert.Equal(3, _kit.Origins.Find(Other)!.Contiguous);
        var next = await _kit.Writer.WriteReplicas([_kit.Replica(Other, 4, "alice", 2, 1)], ReplicaMode.Live);
        Assert.Equal(1, next.Inserted);
    }

    [Fact]
    public async Task An_event_taken_back_here_that_the_cluster_kept_and_built_on_stops_a_pull_and_comes_back_through_a_repair()
    {
        // this node took its #2 back (the cluster did not acknowledge it in time), but a member had stored it and the
        // entity's next host wrote #3 on top of it; the pull of #3 finds the entity's previous event missing here
        await _kit.WriteOwn(_kit.Own("alice", 1, 10));
        await _kit.WriteOwn(_kit.Own("alice", 2, 5));
        await _kit.Writer.Retract(WriterKit.OwnUuid, WriterKit.OwnNode, 2, 2, "not acknowledged by the cluster: spec");
        var keptByTheCluster = _kit.Replica(WriterKit.OwnUuid, 2, "alice", 2, 5, createdTicks: _kit.Journal("alice")[0].Created + 1,
            originNode: WriterKit.OwnNode);
        var builtOnIt = _kit.Replica(Other, 1, "alice", 3, 7);

        var pulled = await _kit.Writer.WriteReplicas([keptByTheCluster, builtOnIt], ReplicaMode.Pull);

        Assert.Equal(ReplicaOutcome.EntityGap, pulled.Stopped);
        Assert.Equal(3, pulled.StoppedAt!.SequenceNr);
        var repaired = await _kit.Writer.WriteReplicas([keptByTheCluster, builtOnIt], ReplicaMode.Repair);
        Assert.Equal(2, repaired.Inserted);
        Assert.Equal([1L, 2L, 3L], _kit.Journal("alice").Select(e => e.Seq));
        Assert.Equal(22, _kit.Balance("alice"));
    }

    [Fact]
    public async Task The_next_start_is_a_new_origin_and_the_earlier_starts_events_stay_numbered_under_theirs()
    {
        await _kit.WriteOwn(_kit.Own("alice", 1, 10));

        _kit.Reopen("second-start");
        await _kit.WriteOwn(_kit.Own("alice", 2, 5));

        Assert.Equal([(WriterKit.OwnUuid, 1L), ("second-start", 1L)], _kit.Journal("alice").Select(r => (r.Writer, r.OriginSeq)));
        Assert.True(_kit.Origins.Find(WriterKit.OwnUuid)!.Own);
        Assert.Equal(1, _kit.Origins.Find(WriterKit.OwnUuid)!.Contiguous);
    }
}
