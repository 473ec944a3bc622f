using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BlocksterV2.Cluster.Persistence;

/// <summary>Where the writer's commits go: the node's local tables.</summary>
public interface IJournalFeed
{
    /// <summary>Events just committed, in commit order.</summary>
    void Apply(IReadOnlyList<CommittedEvent> committed);

    /// <summary>
    /// Entities whose stored history changed other than by appending (events moved to the conflicts table): each one's
    /// whole history now. Every conflicts-table row up to <paramref name="conflictsUpTo"/> is then reflected in the feed.
    /// </summary>
    void Rebuild(IReadOnlyDictionary<string, IReadOnlyList<object>> histories, long conflictsUpTo);

    /// <summary>
    /// The highest sequence number of the entity's committed events, when the feed knows it for sure (null: ask the
    /// journal). Saves the writer an index probe per replicated event.
    /// </summary>
    long? CommittedHead(string persistenceId);
}

/// <summary>
/// The node's single SQLite writer: this node's entities' events, events replicated from other nodes, and moves to the
/// conflicts table, through raw prepared statements on one long-lived connection. Work queues up while a
/// transaction commits and the next transaction takes all of it (group commit). After a commit the local tables take
/// the committed events (so a write is visible to local reads before anyone hears of it), then own events go to the
/// <see cref="IReplicationSink"/>, which completes their writes once the cluster holds them as configured.
/// </summary>
public sealed class SqliteEventWriter : IDisposable
{
    /// <summary>
    /// How often the writer finishes the background checkpoint itself. Only a checkpoint that completes between
    /// two of the writer's transactions lets the next one restart the WAL from its beginning; a WAL that only
    /// grows costs the kernel a freshly zeroed page for every frame written.
    /// </summary>
    private static readonly TimeSpan WalRestartInterval = TimeSpan.FromMilliseconds(200);

    private readonly Channel<WriterJob> _queue = Channel.CreateUnbounded<WriterJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection _connection;
    private readonly JournalStatements _sql;
    private readonly int _maxEventsPerTransaction;
    private readonly IJournalFeed _feed;
    private readonly Func<byte[], int, string, object> _deserialize;
    private readonly WriterTransaction _tx;
    private readonly Thread _thread;
    private long _ownSeq;
    private long _lastCheckpoint = Stopwatch.GetTimestamp();

    /// <param name="ownNode">This node's address, recorded with its origin.</param>
    /// <param name="deserialize">Turns a stored message back into its event (message, serializer id, manifest).</param>
    public SqliteEventWriter(string connectionString, int maxEventsPerTransaction, IJournalFeed feed, Origins origins, string ownWriterUuid,
        string ownNode, Func<byte[], int, string, object> deserialize)
    {
        _maxEventsPerTransaction = maxEventsPerTransaction;
        _feed = feed;
        _deserialize = deserialize;
        _connection = SqlitePragmas.Open(connectionString);
        JournalSchema.Ensure(_connection);
        origins.Load(_connection);
        Own = RegisterOwnOrigin(origins, ownWriterUuid, ownNode);
        _sql = new JournalStatements(_connection);
        Origins = origins;
        _tx = new WriterTransaction(_sql, origins, Own, feed);
        _thread = new Thread(Run) { IsBackground = true, Name = "bux-sqlite-writer" };
        _thread.Start();
    }

    /// <summary>This journal incarnation as an origin: its events are numbered 1, 2, 3, ... as they commit.</summary>
    public OriginState Own { get; }

    public Origins Origins { get; }

    /// <summary>Told about every commit of own events; completes their writes. Set once, before the first write.</summary>
    public IReplicationSink Sink { get; set; } = LocalOnly.Instance;

    /// <summary>Told which entities' histories changed other than by appending (so a resident entity can reload).</summary>
    public Action<IReadOnlyCollection<string>>? Rewritten { get; set; }

    /// <summary>Completes once the rows are committed and the sink acknowledged them; fails (nothing written) when the transaction could not commit.</summary>
    public Task Write(IReadOnlyList<EventRow> rows, bool killAfterCommit = false)
    {
        var job = new OwnWriteJob(rows, killAfterCommit);
        return Enqueue(job) ? job.Done.Task : Stopped();
    }

    /// <summary>Stores events of other origins in order, up to the first that cannot be (see <see cref="ReplicaWriteResult"/>).</summary>
    public Task<ReplicaWriteResult> WriteReplicas(IReadOnlyList<ReplicaEvent> events, ReplicaMode mode)
    {
        var job = new ReplicaWriteJob(events, mode);
        return Enqueue(job) ? job.Done.Task : Stopped<ReplicaWriteResult>();
    }

    /// <summary>Takes back an origin's events <paramref name="fromSeq"/>..<paramref name="toSeq"/> (never acknowledged by the cluster).</summary>
    public Task<int> Retract(string originUuid, string originNode, long fromSeq, long toSeq, string reason) =>
        Change(tx => tx.Retract(originUuid, originNode, fromSeq, toSeq, reason));

    /// <summary>Moves events to the conflicts table: for each entity, its events from the given sequence number on.</summary>
    public Task<int> Quarantine(IReadOnlyList<(string PersistenceId, long FromSeq)> positions, string reason) =>
        Change(tx => positions.Sum(p => tx.Quarantine(p.PersistenceId, p.FromSeq, reason)));

    /// <summary>After a complete pull from a copy holding each origin up to its mark: so does this copy.</summary>
    public Task<int> AdvanceTo(IReadOnlyList<(string OriginUuid, string Node, long UpTo)> marks) => Change(tx =>
    {
        foreach (var (uuid, node, upTo) in marks)
            tx.AdvanceTo(uuid, node, upTo);
        return 0;
    });

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _thread.Join();
        _sql.Dispose();
        _connection.Dispose();
    }

    private Task<int> Change(Func<WriterTransaction, int> change)
    {
        var job = new QuarantineJob(change);
        return Enqueue(job) ? job.Done.Task : Stopped<int>();
    }

    private bool Enqueue(WriterJob job) => _queue.Writer.TryWrite(job);

    private OriginState RegisterOwnOrigin(Origins origins, string writerUuid, string node)
    {
        using var insert = _connection.CreateCommand();
        insert.CommandText = "INSERT INTO replication_origins (writer_uuid, node, own, contiguous, first_seen) VALUES ($uuid, $node, 1, 0, $now) RETURNING id";
        insert.Parameters.AddWithValue("$uuid", writerUuid);
        insert.Parameters.AddWithValue("$node", node);
        insert.Parameters.AddWithValue("$now", DateTime.UtcNow.Ticks);
        var own = new OriginState((long)insert.ExecuteScalar()!, writerUuid, node, own: true, contiguous: 0);
        origins.Add(own);
        return own;
    }

    private void Run()
    {
        var batch = new List<WriterJob>();
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            var events = 0;
            while (events < _maxEventsPerTransaction && reader.TryRead(out var next))
            {
                batch.Add(next);
                events += next.Events;
            }
            CommitAll(batch);
            batch.Clear();
            if (Stopwatch.GetElapsedTime(_lastCheckpoint) > WalRestartInterval)
            {
                _sql.Run(_sql.Checkpoint);
                _lastCheckpoint = Stopwatch.GetTimestamp();
            }
        }
        while (reader.TryRead(out var abandoned))
            abandoned.Fail(new ObjectDisposedException(nameof(SqliteEventWriter), "the journal writer has stopped"));
    }

    /// <summary>
    /// Completions run on this thread (the journal's continuation only hands results to actors), which saves a
    /// thread-pool hop per write.
    /// </summary>
    private void CommitAll(List<WriterJob> batch)
    {
        try
        {
            Commit(batch);
        }
        catch (Exception)
        {
            // One bad job (say, a sequence number another incarnation already wrote) must not fail the jobs that
            // happened to share its transaction: retry each alone.
            foreach (var job in batch)
            {
                try
                {
                    Commit([job]);
                }
                catch (Exception alone)
                {
                    job.Fail(alone);
                }
            }
        }
    }

    private void Commit(IReadOnlyList<WriterJob> jobs)
    {
        _tx.Start(_ownSeq);
        _sql.Run(_sql.Begin);
        try
        {
            foreach (var job in jobs)
                job.Execute(_tx);
            _tx.SaveOrigins();
            _sql.Run(_sql.Commit);
        }
        catch
        {
            _sql.Run(_sql.Rollback);
            throw;
        }
        _ownSeq = _tx.OwnSeq;
        _tx.Publish();
        AfterCommit(jobs);
    }

    private void AfterCommit(IReadOnlyList<WriterJob> jobs)
    {
        var rewritten = _tx.Rewritten;
        _feed.Apply(rewritten.Count == 0 ? _tx.Committed : _tx.Committed.Where(e => !rewritten.Contains(e.PersistenceId)).ToList());
        if (rewritten.Count > 0)
        {
            _feed.Rebuild(rewritten.ToDictionary(id => id, History, StringComparer.Ordinal), _sql.Long(_sql.MaxConflictId) ?? 0);
            Rewritten?.Invoke(rewritten.ToList());
        }

        List<OwnWriteJob>? own = null;
        foreach (var job in jobs)
        {
            if (job is OwnWriteJob write)
            {
                if (write.KillAfterCommit)
                {
                    Console.Error.WriteLine("FAULT INJECTION: killing the process after committing an event locally, before replicating it");
                    Process.GetCurrentProcess().Kill();
                }
                (own ??= []).Add(write);
            }
            else
            {
                job.Committed();
            }
        }
        if (own is not null)
            Sink.Committed(new OwnCommit(_tx.OwnRows[0].OriginSeq, _tx.OwnSeq, _tx.OwnRows.ToList(), own.ConvertAll(j => j.Done)));
    }

    private IReadOnlyList<object> History(string persistenceId)
    {
        var history = new List<object>();
        var s = _sql.SelectHistory;
        JournalStatements.Bind(s, 1, persistenceId);
        while (_sql.Next(s))
            history.Add(_deserialize(JournalStatements.Blob(s, 0), raw.sqlite3_column_int(s, 1), JournalStatements.Text(s, 2) ?? ""));
        return history;
    }

    private static Task Stopped() => Task.FromException(new ObjectDisposedException(nameof(SqliteEventWriter), "the journal writer has stopped"));

    private static Task<T> Stopped<T>() => Task.FromException<T>(new ObjectDisposedException(nameof(SqliteEventWriter), "the journal writer has stopped"));
}
