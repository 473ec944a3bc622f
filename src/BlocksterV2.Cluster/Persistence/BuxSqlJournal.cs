using System.Collections.Concurrent;
using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Persistence.Sql.Journal;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.Persistence;

/// <summary>
/// The SQL plugin's journal with the node's own hot paths, in the plugin's table layout: events go to the node's
/// <see cref="SqliteEventWriter"/> (group commit on one connection; it replicates them to every other member before
/// the write completes) and recovery reads to <see cref="SqliteEventReader"/>, after a read repair from the other
/// copies. The plugin keeps table creation, deletes and queries; snapshots are <see cref="BuxSqlSnapshotStore"/>.
/// </summary>
public sealed class BuxSqlJournal : SqlWriteJournal
{
    private readonly string _connectionString;
    private readonly ConcurrentDictionary<string, Task> _writesInProgress = new();
    private readonly Akka.Serialization.Serialization _serialization;
    private readonly SqliteCheckpointer _checkpointer;
    private readonly NodeJournal _journal;
    private SqliteEventReader? _reader;

    public BuxSqlJournal(Config journalConfig) : base(journalConfig)
    {
        _connectionString = journalConfig.GetString("connection-string");
        _serialization = Context.System.Serialization;
        _journal = NodeJournal.For(Context.System);
        var log = Context.GetLogger();
        _checkpointer = new SqliteCheckpointer(_connectionString, TimeSpan.FromMilliseconds(100), failure =>
            log.Warning(failure, "WAL checkpoint of {0} failed: {1}. Writes go on; the WAL grows until a checkpoint succeeds. " +
                                 "Check the data volume (free space, permissions).", _connectionString, failure.Message));
    }

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages as IReadOnlyList<AtomicWrite> ?? messages.ToList();
        if (_journal.WriteRefusal is { } refusal)
        {
            // Cut off from the majority: nothing is stored, so nothing can surface later on another node. A failure, not a
            // rejection: a rejected event keeps its sequence number, and the entity's next event would leave a gap in
            // its history; a failed one stops the entity, which recovers with its numbering intact.
            return Task.FromException<IImmutableList<Exception>>(new ReplicationUnavailableException(refusal));
        }
        var writer = _journal.Writer ?? throw new InvalidOperationException("the node journal is not open yet: entities start only after catch-up");
        var ticks = DateTime.UtcNow.Ticks;
        var rows = new List<EventRow>(1);
        Exception?[]? rejections = null;
        var kill = false;
        for (var i = 0; i < writes.Count; i++)
        {
            var payload = (IImmutableList<IPersistentRepresentation>)writes[i].Payload;
            var first = rows.Count;
            try
            {
                foreach (var representation in payload)
                {
                    var row = ToRow(representation, ticks);
                    kill |= _journal.KillBeforeReplicatingKey is { } key && IdempotencyKey(row.Payload) == key;
                    rows.Add(row);
                }
            }
            catch (Exception e)
            {
                rows.RemoveRange(first, rows.Count - first); // an atomic write is stored whole or not at all
                (rejections ??= new Exception?[writes.Count])[i] = e;
            }
        }

        var persistenceId = writes[0].PersistenceId;
        var written = rows.Count == 0 ? Task.CompletedTask : writer.Write(rows, kill);
        _writesInProgress[persistenceId] = written;
        var result = rejections is null ? null : ImmutableList.CreateRange(rejections);
        return written.ContinueWith(done =>
        {
            _writesInProgress.TryRemove(new KeyValuePair<string, Task>(persistenceId, done));
            done.GetAwaiter().GetResult(); // a failed commit or replication fails the whole write (WriteMessagesFailure)
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
        if (_journal.RepairBeforeRecovery is { } repair && await repair(persistenceId))
        {
            // The snapshot this recovery already loaded may hold events that just moved to the conflicts table (they
            // are deleted with them): fail this recovery, and the next message recovers from the repaired history.
            throw new InvalidOperationException($"the history of {persistenceId} on this node changed during read repair; it recovers again on its next message");
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
        _reader?.Dispose();
        _checkpointer.Dispose();
        base.PostStop();
    }

    private static string? IdempotencyKey(object payload) => (payload as IUserEvent)?.IdempotencyKey;

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
            _journal.WriterUuid,
            tags,
            payload);
    }
}
