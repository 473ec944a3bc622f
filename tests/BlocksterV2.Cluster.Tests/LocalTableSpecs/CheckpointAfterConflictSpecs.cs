using Akka.Event;
using BlocksterV2.Cluster.Entities;
using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Cluster.Persistence;
using BlocksterV2.Cluster.Tests.Replication;

namespace BlocksterV2.Cluster.Tests.LocalTableSpecs;

/// <summary>
/// A node killed after events moved from its journal to the conflicts table (a write the cluster did not acknowledge
/// taken back, a conflict lost) and before its next checkpoint: the checkpoint on disk still holds those events, the
/// journal does not, and a write at the same sequence number may follow them in the tail. The next start's tables
/// still equal the journal, not the checkpoint.
/// </summary>
public sealed class CheckpointAfterConflictSpecs : IDisposable
{
    private const string Other = "other-node-start";
    private readonly WriterKit _kit = new();

    public void Dispose() => _kit.Dispose();

    private string CheckpointPath => Path.Combine(_kit.Db.Directory, TableCheckpoint.FileName);

    private void WriteCheckpoint() => TableCheckpoint.Write(CheckpointPath, _kit.Tables.Cut());

    /// <summary>The next start's tables, loaded from the checkpoint on disk and the journal as the node loads them.</summary>
    private (NodeTables Tables, TablesLoaded Loaded) NextStart()
    {
        var tables = new NodeTables(NoLogger.Instance);
        var loaded = NodeTablesLoader.Load(tables, _kit.Db.ConnectionString, CheckpointPath, _kit.Deserialize);
        Assert.NotNull(loaded.CheckpointPosition);
        return (tables, loaded);
    }

    private async Task TakeBack(long fromSeq, long toSeq)
    {
        await _kit.Writer.Retract(WriterKit.OwnUuid, WriterKit.OwnNode, fromSeq, toSeq, "not acknowledged by the cluster: spec");
        await Task.Yield(); // off the writer thread (see WriterKit.WriteOwn)
    }

    [Fact]
    public async Task A_credit_taken_back_and_sent_again_after_the_checkpoint_counts_once_at_the_next_start()
    {
        await _kit.WriteOwn(_kit.Own("alice", 1, 10));
        await _kit.WriteOwn(_kit.Own("alice", 2, 5));
        WriteCheckpoint();
        await TakeBack(2, 2);
        await _kit.WriteOwn(_kit.Own("alice", 2, 5)); // the client's retry: the same credit, at the same sequence number
        Assert.Equal(15, _kit.Balance("alice"));

        var (tables, loaded) = NextStart();

        Assert.Equal(15, tables.Users.Get("alice")!.Balance);
        Assert.Equal(2, tables.CommittedHead(PersistenceIds.User("alice")));
        Assert.Equal(1, loaded.RebuiltRows);
        Assert.Contains("1 rows whose events moved to the conflicts table after the checkpoint, rebuilt from the journal", loaded.ToString());
    }

    [Fact]
    public async Task A_credit_taken_back_after_the_checkpoint_is_not_in_the_next_starts_tables()
    {
        await _kit.WriteOwn(_kit.Own("alice", 1, 10));
        await _kit.WriteOwn(_kit.Own("alice", 2, 5), _kit.Own("bob", 1, 3));
        WriteCheckpoint();
        await TakeBack(2, 3); // the journal's last events: the checkpoint's position is now past every stored event

        var (tables, _) = NextStart(); // and the checkpoint is still used (a replaced database is told apart by its sequence)

        Assert.Equal(10, tables.Users.Get("alice")!.Balance);
        Assert.Null(tables.Users.Get("bob"));
    }

    [Fact]
    public async Task An_event_replaced_by_another_nodes_later_one_after_the_checkpoint_is_not_in_the_next_starts_tables()
    {
        await _kit.WriteOwn(_kit.Own("alice", 1, 10, createdTicks: 100));
        await _kit.WriteOwn(_kit.Own("alice", 2, 5, createdTicks: 200));
        WriteCheckpoint();
        await _kit.Writer.WriteReplicas([_kit.Replica(Other, 1, "alice", 2, 7, createdTicks: 1000)], ReplicaMode.Pull);
        await Task.Yield();
        Assert.Equal(17, _kit.Balance("alice"));

        var (tables, _) = NextStart();

        Assert.Equal(17, tables.Users.Get("alice")!.Balance);
    }

    [Fact]
    public async Task A_checkpoint_cut_after_the_rebuild_rebuilds_nothing_at_the_next_start()
    {
        await _kit.WriteOwn(_kit.Own("alice", 1, 10));
        await _kit.WriteOwn(_kit.Own("alice", 2, 5));
        await TakeBack(2, 2);
        await _kit.WriteOwn(_kit.Own("alice", 2, 4));
        WriteCheckpoint();

        var (tables, loaded) = NextStart();

        Assert.Equal(14, tables.Users.Get("alice")!.Balance);
        Assert.Equal(0, loaded.RebuiltRows);
    }
}
