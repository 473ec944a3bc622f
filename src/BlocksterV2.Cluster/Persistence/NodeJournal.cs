using Akka.Actor;

namespace BlocksterV2.Cluster.Persistence;

/// <summary>
/// The node's copy of the journal, shared by the SQL plugin's journal actor, replication and catch-up: its one writer,
/// the reader that serves other nodes, its origins, and what the write path must know before it stores anything.
/// Opened once the local tables are loaded (the writer feeds them), before anything is written.
/// </summary>
public sealed class NodeJournal : IExtension
{
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _writeRefusal;

    public static NodeJournal For(ActorSystem system) => system.WithExtension<NodeJournal, NodeJournalProvider>();

    /// <summary>This start's origin name: stamped on every event this node's entities write (the journal's <c>writer_uuid</c>).</summary>
    public string WriterUuid { get; } = Guid.NewGuid().ToString("N");

    public Origins Origins { get; } = new();

    public string? ConnectionString { get; private set; }

    /// <summary>Null until <see cref="Open"/>.</summary>
    public SqliteEventWriter? Writer { get; private set; }

    /// <summary>Null until <see cref="Open"/>.</summary>
    public ReplicaReader? Reader { get; private set; }

    /// <summary>Completes when the writer runs.</summary>
    public Task Opened => _opened.Task;

    /// <summary>
    /// Set by replication while no write can meet its consistency (this node is cut off from the majority): the journal
    /// then stores nothing and the caller gets 503 with this reason.
    /// </summary>
    public string? WriteRefusal
    {
        get => _writeRefusal;
        set => _writeRefusal = value;
    }

    /// <summary>
    /// Read repair before an entity recovers (replication sets it): makes this copy hold the entity's newest events any
    /// reachable copy holds; true when it changed the entity's stored history other than by appending.
    /// </summary>
    public Func<string, Task<bool>>? RepairBeforeRecovery { get; set; }

    /// <summary>Fault injection (specs only): the user write carrying this idempotency key kills the node after its local commit.</summary>
    public string? KillBeforeReplicatingKey { get; set; }

    public SqliteEventWriter Open(string connectionString, int maxEventsPerTransaction, IJournalFeed feed, string selfAddress,
        Func<byte[], int, string, object> deserialize)
    {
        if (Writer is not null)
            throw new InvalidOperationException("the node journal is already open");
        ConnectionString = connectionString;
        Writer = new SqliteEventWriter(connectionString, maxEventsPerTransaction, feed, Origins, WriterUuid, selfAddress, deserialize);
        Reader = new ReplicaReader(connectionString, Origins);
        _opened.TrySetResult();
        return Writer;
    }

    public void Close() => Writer?.Dispose();
}

public sealed class NodeJournalProvider : ExtensionIdProvider<NodeJournal>
{
    public override NodeJournal CreateExtension(ExtendedActorSystem system)
    {
        var journal = new NodeJournal();
        system.RegisterOnTermination(journal.Close);
        return journal;
    }
}
