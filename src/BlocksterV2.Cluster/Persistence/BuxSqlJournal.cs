using System.Collections.Concurrent;
using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Persistence.Sql.Journal;
using BlocksterV2.Cluster.LocalTables;

namespace BlocksterV2.Cluster.Persistence;

/// <summary>
/// The SQL plugin's journal with the node's own hot paths, in the plugin's table layout: events go to
/// <see cref="SqliteEventWriter"/> (group commit on one connection) and recovery reads to
/// <see cref="SqliteEventReader"/>; the plugin keeps table creation, deletes, snapshots and queries. What it
/// commits feeds the node's local tables before the write is acknowledged.
/// Replication (fan-out to the other nodes) hooks in here as well.
/// </summary>
public sealed class BuxSqlJournal : SqlWriteJournal
{
    private readonly string _connectionString;
    private readonly int _maxEventsPerTransaction;
    private readonly string _writerUuid = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<string, Task> _writesInProgress = new();
    private readonly Akka.Serialization.Serialization _serialization;
    private readonly SqliteCheckpointer _checkpointer;
    private readonly NodeTables _tables;
    private SqliteEventWriter? _writer;
    private SqliteEventReader? _reader;

    public BuxSqlJournal(Config journalConfig) : base(journalConfig)
    {
        _connectionString = journalConfig.GetString("connection-string");
        _maxEventsPerTransaction = journalConfig.GetInt("batch-size", 2000);
        _serialization = Context.System.Serialization;
        _tables = NodeTables.For(Context.System);
        var log = Context.GetLogger();
        _checkpointer = new SqliteCheckpointer(_connectionString, TimeSpan.FromMilliseconds(100), failure =>
            log.Warning(failure, "WAL checkpoint of {0} failed: {1}. Writes go on; the WAL grows until a checkpoint succeeds. " +
                                 "Check the data volume (free space, permissions).", _connectionString, failure.Message));
    }

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var ticks = DateTime.UtcNow.Ticks;
        var rows = new List<EventRow>(1);
        var writes = messages as IReadOnlyList<AtomicWrite> ?? messages.ToList();
        Exception?[]? rejections = null;
        for (var i = 0; i < writes.Count; i++)
        {
            var payload = (IImmutableList<IPersistentRepresentation>)writes[i].Payload;
            var first = rows.Count;
            try
            {
                foreach (var representation in payload)
                    rows.Add(ToRow(representation, ticks));
            }
            catch (Exception e)
            {
                rows.RemoveRange(first, rows.Count - first); // an atomic write is stored whole or not at all
                (rejections ??= new Exception?[writes.Count])[i] = e;
            }
        }

        var persistenceId = writes[0].PersistenceId;
        _writer ??= new SqliteEventWriter(_connectionString, _maxEventsPerTransaction, _tables.Apply);
        var written = rows.Count == 0 ? Task.CompletedTask : _writer.Write(rows);
        _writesInProgress[persistenceId] = written;
        var result = rejections is null ? null : ImmutableList.CreateRange(rejections);
        return written.ContinueWith(done =>
        {
            _writesInProgress.TryRemove(new KeyValuePair<string, Task>(persistenceId, done));
            done.GetAwaiter().GetResult(); // a failed commit fails the whole write (WriteMessagesFailure)
            return (IImmutableList<Exception>)result!;
        }, TaskContinuationOptions.ExecuteSynchronously);
    }

    public override async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        if (_writesInProgress.TryGetValue(persistenceId, out var inProgress))
        {
            try
            {
                await inProgress;
            }
            catch (Exception)
            {
                // the write's own sender hears about the failure; here we only need it finished
            }
        }
        var reader = Reader;
        return await Task.Run(() => reader.HighestSequenceNr(persistenceId), cancellationToken);
    }

    public override Task ReplayMessagesAsync(IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
        Action<IPersistentRepresentation> recoveryCallback)
    {
        var reader = Reader;
        return Task.Run(() => reader.Replay(persistenceId, fromSequenceNr, toSequenceNr, max, stored => recoveryCallback(new Persistent(
            payload: _serialization.Deserialize(stored.Message, stored.SerializerId, stored.Manifest),
            sequenceNr: stored.SequenceNr,
            persistenceId: persistenceId,
            manifest: stored.Manifest,
            isDeleted: false,
            sender: ActorRefs.NoSender,
            writerGuid: stored.WriterUuid,
            timestamp: stored.CreatedTicks))));
    }

    private SqliteEventReader Reader => _reader ??= new SqliteEventReader(_connectionString);

    protected override void PostStop()
    {
        _writer?.Dispose();
        _reader?.Dispose();
        _checkpointer.Dispose();
        base.PostStop();
    }

    private EventRow ToRow(IPersistentRepresentation representation, long ticks)
    {
        var payload = representation.Payload;
        IReadOnlyCollection<string> tags = [];
        if (payload is Tagged tagged)
        {
            payload = tagged.Payload;
            tags = tagged.Tags;
        }
        var serializer = _serialization.FindSerializerFor(payload);
        return new EventRow(
            representation.PersistenceId,
            representation.SequenceNr,
            representation.Timestamp == 0 ? ticks : representation.Timestamp,
            serializer.ToBinary(payload),
            Akka.Serialization.Serialization.ManifestFor(serializer, payload),
            serializer.Identifier,
            _writerUuid,
            tags,
            payload);
    }
}
