using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace BlocksterV2.Cluster.Persistence;

/// <summary>
/// The node's single SQLite writer. Writes queue up while a transaction commits and the next transaction takes
/// all of them (group commit), through prepared statements on one long-lived connection. A write's task
/// completes only after its transaction committed, so callers may acknowledge it as durable.
/// </summary>
public sealed class SqliteEventWriter : IDisposable
{
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertEvent;
    private readonly SqliteCommand _insertTag;
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;
    private readonly int _maxEventsPerTransaction;
    private readonly Thread _thread;

    public SqliteEventWriter(string connectionString, int maxEventsPerTransaction)
    {
        _maxEventsPerTransaction = maxEventsPerTransaction;
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        using (var pragmas = _connection.CreateCommand())
        {
            pragmas.CommandText = SqlitePragmas.Statement;
            pragmas.ExecuteNonQuery();
        }
        _begin = Command("BEGIN IMMEDIATE");
        _commit = Command("COMMIT");
        _rollback = Command("ROLLBACK");
        _insertEvent = Command(
            "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid) " +
            "VALUES ($created, 0, $pid, $seq, $message, $manifest, $identifier, $writer)",
            "$created", "$pid", "$seq", "$message", "$manifest", "$identifier", "$writer");
        _insertTag = Command(
            "INSERT INTO tags (ordering_id, tag, sequence_nr, persistence_id) VALUES (last_insert_rowid(), $tag, $seq, $pid)",
            "$tag", "$seq", "$pid");
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
        foreach (var command in new[] { _insertEvent, _insertTag, _begin, _commit, _rollback })
            command.Dispose();
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
            try
            {
                Commit(batch);
                foreach (var write in batch)
                    write.Done.TrySetResult();
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
                        write.Done.TrySetResult();
                    }
                    catch (Exception alone)
                    {
                        write.Done.TrySetException(alone);
                    }
                }
            }
            batch.Clear();
        }
        foreach (var abandoned in Drain(reader))
            abandoned.Done.TrySetException(new ObjectDisposedException(nameof(SqliteEventWriter), "the journal writer has stopped"));
    }

    private void Commit(IReadOnlyList<PendingWrite> writes)
    {
        _begin.ExecuteNonQuery();
        try
        {
            foreach (var write in writes)
            {
                foreach (var row in write.Rows)
                    Insert(row);
            }
            _commit.ExecuteNonQuery();
        }
        catch
        {
            _rollback.ExecuteNonQuery();
            throw;
        }
    }

    private void Insert(EventRow row)
    {
        var p = _insertEvent.Parameters;
        p[0].Value = row.CreatedTicks;
        p[1].Value = row.PersistenceId;
        p[2].Value = row.SequenceNr;
        p[3].Value = row.Message;
        p[4].Value = row.Manifest;
        p[5].Value = row.SerializerId;
        p[6].Value = row.WriterUuid;
        _insertEvent.ExecuteNonQuery();
        foreach (var tag in row.Tags)
        {
            var t = _insertTag.Parameters;
            t[0].Value = tag;
            t[1].Value = row.SequenceNr;
            t[2].Value = row.PersistenceId;
            _insertTag.ExecuteNonQuery();
        }
    }

    private SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    private static IEnumerable<PendingWrite> Drain(ChannelReader<PendingWrite> reader)
    {
        while (reader.TryRead(out var write))
            yield return write;
    }

    private sealed record PendingWrite(IReadOnlyList<EventRow> Rows)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
