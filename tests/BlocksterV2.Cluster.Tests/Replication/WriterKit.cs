using Akka.Actor;
using Akka.Event;
using BlocksterV2.Cluster.Entities;
using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Cluster.Persistence;
using BlocksterV2.Cluster.Serialization;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.Tests.Replication;

/// <summary>
/// A node's journal writer on a fresh database, feeding real local tables, with helpers that make user credits as this
/// node's own events or as events another node (an origin) committed.
/// </summary>
public sealed class WriterKit : IDisposable
{
    public const string OwnUuid = "own-start";
    public const string OwnNode = "akka.tcp://blockster@127.0.0.2:4053";
    public static readonly DateTime At = new(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);

    private readonly ActorSystem _system = ActorSystem.Create("writer-spec");
    private readonly BuxSerializer _serializer;

    public WriterKit()
    {
        _serializer = new BuxSerializer((ExtendedActorSystem)_system);
        Tables = new NodeTables(NoLogger.Instance);
        Writer = Open();
    }

    public TempDatabase Db { get; } = new();

    public NodeTables Tables { get; }

    public Origins Origins { get; private set; } = new();

    public SqliteEventWriter Writer { get; private set; }

    /// <summary>Entities whose history the writer reported as rewritten.</summary>
    public List<string> Rewritten { get; } = [];

    /// <summary>Stops the writer and opens a new one on the same database: the next start of the node.</summary>
    public void Reopen(string ownUuid)
    {
        Writer.Dispose();
        Origins = new Origins();
        Writer = Open(ownUuid);
    }

    /// <summary>
    /// Writes own events and resumes off the writer thread: a write completes on it (that saves the journal a thread hop),
    /// and a spec that went on there would stop the writer, or join it from itself on dispose.
    /// </summary>
    public async Task WriteOwn(params EventRow[] rows)
    {
        await Writer.Write(rows);
        await Task.Yield();
    }

    public EventRow Own(string userId, long sequenceNr, long amount, long? createdTicks = null, string? writer = null)
    {
        var payload = new UserCredited(amount, "spec", At, null);
        return new EventRow(PersistenceIds.User(userId), sequenceNr, createdTicks ?? At.Ticks + sequenceNr, _serializer.ToBinary(payload),
            _serializer.Manifest(payload), BuxSerializer.Id, writer ?? Writer.Own.WriterUuid, [], payload);
    }

    public ReplicaEvent Replica(string originUuid, long originSeq, string userId, long sequenceNr, long amount, long? createdTicks = null,
        string originNode = "akka.tcp://blockster@127.0.0.3:4053")
    {
        var payload = new UserCredited(amount, "spec", At, null);
        return new ReplicaEvent(originUuid, originNode, originSeq, PersistenceIds.User(userId), sequenceNr, createdTicks ?? At.Ticks + sequenceNr,
            _serializer.Manifest(payload), BuxSerializer.Id, _serializer.ToBinary(payload), []) { Payload = payload };
    }

    /// <summary>The journal rows of a user, in sequence order: (sequence number, writer, created, origin number).</summary>
    public List<(long Seq, string Writer, long Created, long OriginSeq)> Journal(string userId)
    {
        using var connection = Db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence_number, writer_uuid, created, origin_key FROM journal WHERE persistence_id = $pid ORDER BY sequence_number";
        command.Parameters.AddWithValue("$pid", PersistenceIds.User(userId));
        using var rows = command.ExecuteReader();
        var journal = new List<(long, string, long, long)>();
        while (rows.Read())
            journal.Add((rows.GetInt64(0), rows.GetString(1), rows.GetInt64(2), rows.GetInt64(3) & JournalSchema.OriginSeqMask));
        return journal;
    }

    public IReadOnlyList<ConflictRow> Conflicts() => ReplicaReader.ReadConflicts(Db.ConnectionString, 100);

    public long Balance(string userId) => Tables.Users.Get(userId)?.Balance ?? -1;

    /// <summary>What the node's serialization does with a stored event: its message, serializer id and manifest back into the event.</summary>
    public object Deserialize(byte[] message, int serializerId, string manifest) => _serializer.FromBinary(message, manifest);

    public void Dispose()
    {
        Writer.Dispose();
        _system.Terminate().Wait(TimeSpan.FromSeconds(10));
        Db.Dispose();
    }

    private SqliteEventWriter Open(string ownUuid = OwnUuid)
    {
        var writer = new SqliteEventWriter(Db.ConnectionString, 100, Tables, Origins, ownUuid, OwnNode,
            Deserialize);
        writer.Rewritten = Rewritten.AddRange;
        return writer;
    }
}
