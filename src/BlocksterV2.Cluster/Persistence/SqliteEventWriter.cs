using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BlocksterV2.Cluster.Persistence;

/// <summary>
/// The node's single SQLite writer. Writes queue up while a transaction commits and the next transaction takes
/// all of them (group commit), through raw prepared statements on one long-lived connection. A write's task
/// completes only after its transaction committed, so callers may acknowledge it as durable, and after the
/// committed events went to <c>committed</c> (the node's local tables), so an acknowledged write is already
/// visible to local reads.
/// </summary>
public sealed class SqliteEventWriter : IDisposable
{
    /// <summary>
    /// How often the writer finishes the background checkpoint itself. Only a checkpoint that completes between
    /// two of the writer's transactions lets the next one restart the WAL from its beginning; a WAL that only
    /// grows costs the kernel a freshly zeroed page for every frame written.
    /// </summary>
    private static readonly TimeSpan WalRestartInterval = TimeSpan.FromMilliseconds(200);

    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _insertEvent;
    private readonly sqlite3_stmt _insertTag;
    private readonly sqlite3_stmt _begin;
    private readonly sqlite3_stmt _commit;
    private readonly sqlite3_stmt _rollback;
    private readonly sqlite3_stmt _checkpoint;
    private readonly int _maxEventsPerTransaction;
    private readonly Action<IReadOnlyList<CommittedEvent>> _committed;
    private readonly List<CommittedEvent> _inserted = [];
    private readonly Thread _thread;
    private long _lastCheckpoint = Stopwatch.GetTimestamp();

    public SqliteEventWriter(string connectionString, int maxEventsPerTransaction, Action<IReadOnlyList<CommittedEvent>> committed)
    {
        _maxEventsPerTransaction = maxEventsPerTransaction;
        _committed = committed;
        _connection = SqlitePragmas.Open(connectionString);
        using (var dropUnusedIndexes = _connection.CreateCommand())
        {
            // The plugin's schema indexes `created` and `sequence_number` on their own; none of its queries
            // (all by persistence id or by ordering) use them, and every event would pay for both.
            dropUnusedIndexes.CommandText = "DROP INDEX IF EXISTS journal_created_idx; DROP INDEX IF EXISTS journal_sequence_number_idx;";
            dropUnusedIndexes.ExecuteNonQuery();
        }
        // raw statements: the ADO.NET layer costs more per row than SQLite's own insert
        _begin = Prepare("BEGIN IMMEDIATE");
        _commit = Prepare("COMMIT");
        _rollback = Prepare("ROLLBACK");
        _checkpoint = Prepare("PRAGMA wal_checkpoint(PASSIVE)");
        _insertEvent = Prepare(
            "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid) " +
            "VALUES (?1, 0, ?2, ?3, ?4, ?5, ?6, ?7)");
        _insertTag = Prepare("INSERT INTO tags (ordering_id, tag, sequence_nr, persistence_id) VALUES (last_insert_rowid(), ?1, ?2, ?3)");
        _thread = new Thread(Run) { IsBackground = true, Name = "bux-sqlite-writer" };
        _thread.Start();
    }

    /// <summary>Completes once every row is committed; fails (nothing written) when the transaction could not commit.</summary>
    public Task Write(IReadOnlyList<EventRow> rows)
    {
        var pending = new PendingWrite(rows);
        if (!_queue.Writer.TryWrite(pending))
            return Task.FromException(new ObjectDisposedException(nameof(SqliteEventWriter), "the journal writer has stopped"));
        return pending.Done.Task;
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _thread.Join();
        foreach (var statement in new[] { _insertEvent, _insertTag, _begin, _commit, _rollback, _checkpoint })
            statement.Dispose();
        _connection.Dispose();
    }

    private void Run()
    {
        var batch = new List<PendingWrite>();
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            var events = 0;
            while (events < _maxEventsPerTransaction && reader.TryRead(out var next))
            {
                batch.Add(next);
                events += next.Rows.Count;
            }
            CommitAll(batch);
            batch.Clear();
            if (Stopwatch.GetElapsedTime(_lastCheckpoint) > WalRestartInterval)
            {
                Step(_checkpoint);
                _lastCheckpoint = Stopwatch.GetTimestamp();
            }
        }
        while (reader.TryRead(out var abandoned))
            abandoned.Done.TrySetException(new ObjectDisposedException(nameof(SqliteEventWriter), "the journal writer has stopped"));
    }

    /// <summary>
    /// Completions run on this thread (the journal's continuation only hands results to actors), which saves a
    /// thread-pool hop per write.
    /// </summary>
    private void CommitAll(List<PendingWrite> batch)
    {
        try
        {
            Commit(batch);
        }
        catch (Exception)
        {
            // One bad write (say, a sequence number another incarnation already wrote) must not fail the
            // writes that happened to share its transaction: retry each alone.
            foreach (var write in batch)
            {
                try
                {
                    Commit([write]);
                    _committed(_inserted);
                    write.Done.TrySetResult();
                }
                catch (Exception alone)
                {
                    write.Done.TrySetException(alone);
                }
            }
            return;
        }
        _committed(_inserted);
        foreach (var write in batch)
            write.Done.TrySetResult();
    }

    private void Commit(IReadOnlyList<PendingWrite> writes)
    {
        _inserted.Clear();
        Step(_begin);
        try
        {
            foreach (var write in writes)
            {
                foreach (var row in write.Rows)
                    Insert(row);
            }
            Step(_commit);
        }
        catch
        {
            Step(_rollback);
            throw;
        }
    }

    private void Insert(EventRow row)
    {
        raw.sqlite3_bind_int64(_insertEvent, 1, row.CreatedTicks);
        raw.sqlite3_bind_text(_insertEvent, 2, row.PersistenceId);
        raw.sqlite3_bind_int64(_insertEvent, 3, row.SequenceNr);
        raw.sqlite3_bind_blob(_insertEvent, 4, row.Message);
        raw.sqlite3_bind_text(_insertEvent, 5, row.Manifest);
        raw.sqlite3_bind_int(_insertEvent, 6, row.SerializerId);
        raw.sqlite3_bind_text(_insertEvent, 7, row.WriterUuid);
        Step(_insertEvent);
        _inserted.Add(new CommittedEvent(raw.sqlite3_last_insert_rowid(_connection.Handle), row.PersistenceId, row.Payload));
        foreach (var tag in row.Tags)
        {
            raw.sqlite3_bind_text(_insertTag, 1, tag);
            raw.sqlite3_bind_int64(_insertTag, 2, row.SequenceNr);
            raw.sqlite3_bind_text(_insertTag, 3, row.PersistenceId);
            Step(_insertTag);
        }
    }

    private void Step(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        while (rc == raw.SQLITE_ROW)
            rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE)
            throw new SqliteException($"SQLite write failed: {raw.sqlite3_errmsg(_connection.Handle).utf8_to_string()}", rc);
    }

    private sqlite3_stmt Prepare(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(_connection.Handle, sql, out var statement);
        if (rc != raw.SQLITE_OK)
            throw new SqliteException($"SQLite could not prepare '{sql}': {raw.sqlite3_errmsg(_connection.Handle).utf8_to_string()}", rc);
        return statement;
    }

    private sealed record PendingWrite(IReadOnlyList<EventRow> Rows)
    {
        public TaskCompletionSource Done { get; } = new();
    }
}
