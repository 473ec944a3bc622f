using BlocksterV2.Cluster.Entities;
using BlocksterV2.Cluster.Persistence;
using BlocksterV2.Cluster.Replication;

namespace BlocksterV2.Cluster.Tests.Replication;

/// <summary>What a copy serves the others: pulls of only what the asker lacks, in commit order; read repairs; holds.</summary>
public sealed class ReplicaReaderSpecs : IDisposable
{
    private const string Other = "other-node-start";
    private readonly WriterKit _kit = new();

    public void Dispose() => _kit.Dispose();

    private ReplicaReader Reader => new(_kit.Db.ConnectionString, _kit.Origins);

    private async Task FourEventsOfTwoOrigins()
    {
        await _kit.WriteOwn(_kit.Own("alice", 1, 10));
        await _kit.Writer.WriteReplicas([_kit.Replica(Other, 1, "alice", 2, 5), _kit.Replica(Other, 2, "bob", 1, 3)], ReplicaMode.Live);
        await _kit.WriteOwn(_kit.Own("alice", 3, 1));
    }

    [Fact]
    public async Task A_pull_sends_only_the_events_beyond_the_askers_watermarks_in_this_copys_commit_order_and_says_how_far_it_holds_each_origin()
    {
        await FourEventsOfTwoOrigins();

        var page = Reader.Pull(new PullRequest([new OriginMark(Other, "", 1)], Cursor: -1, MaxEvents: 100));

        // alice's own first event came before the other node's events: commit order, so every entity's events come in order
        Assert.Equal(["alice#1", "bob#1", "alice#3"], page.Events.Select(e => $"{e.PersistenceId[PersistenceIds.UserPrefix.Length..]}#{e.SequenceNr}"));
        Assert.True(page.Done);
        Assert.Equal(2, page.Holds.Single(m => m.OriginUuid == WriterKit.OwnUuid).Contiguous);
        Assert.Equal(2, page.Holds.Single(m => m.OriginUuid == Other).Contiguous);
    }

    [Fact]
    public async Task An_asker_that_lacks_nothing_gets_an_empty_last_page()
    {
        await FourEventsOfTwoOrigins();

        var page = Reader.Pull(new PullRequest([new OriginMark(Other, "", 2), new OriginMark(WriterKit.OwnUuid, "", 2)], -1, 100));

        Assert.Empty(page.Events);
        Assert.True(page.Done);
    }

    [Fact]
    public async Task A_pull_pages_by_the_askers_page_size_and_the_next_page_starts_after_the_last()
    {
        await FourEventsOfTwoOrigins();

        var first = Reader.Pull(new PullRequest([], -1, MaxEvents: 2));
        var second = Reader.Pull(new PullRequest([], first.Cursor, MaxEvents: 2));

        Assert.Equal(2, first.Events.Count);
        Assert.False(first.Done);
        Assert.Empty(first.Holds);
        Assert.Equal(2, second.Events.Count);
        Assert.True(second.Done);
        Assert.Equal(4, first.Events.Concat(second.Events).Select(e => (e.PersistenceId, e.SequenceNr)).Distinct().Count());
    }

    [Fact]
    public async Task A_read_repair_sends_the_events_after_the_askers_head_or_the_whole_history_when_the_copies_disagree_there()
    {
        await FourEventsOfTwoOrigins();
        var alice = PersistenceIds.User("alice");
        var head2 = _kit.Journal("alice")[1];

        var agreeing = Reader.Repair(new RepairRequest([new RepairItem(alice, 2, head2.Writer, head2.Created)]));
        var disagreeing = Reader.Repair(new RepairRequest([new RepairItem(alice, 2, "someone-else", 42)]));
        var empty = Reader.Repair(new RepairRequest([new RepairItem(PersistenceIds.User("nobody"), 0, null, 0)]));

        Assert.Equal([3L], agreeing.Events.Select(e => e.SequenceNr));
        Assert.Equal(3, agreeing.Heads.Single().HeadSeq);
        Assert.Equal([1L, 2L, 3L], disagreeing.Events.Select(e => e.SequenceNr));
        Assert.Empty(empty.Events);
        Assert.Equal(0, empty.Heads.Single().HeadSeq);
    }

    [Fact]
    public async Task Holds_answers_which_event_this_copy_has_at_each_position_or_none()
    {
        await FourEventsOfTwoOrigins();
        var alice = PersistenceIds.User("alice");
        var first = _kit.Journal("alice")[0];

        var reply = Reader.Holds(new HoldsRequest([new RepairItem(alice, 1, null, 0), new RepairItem(alice, 9, null, 0)]));

        Assert.Equal(new RepairItem(alice, 1, first.Writer, first.Created), reply.Held[0]);
        Assert.Null(reply.Held[1].HeadWriter);
    }
}
