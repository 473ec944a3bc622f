using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace BlocksterV2.Cluster.Persistence;

/// <summary>A stored event as recovery needs it.</summary>
public readonly record struct StoredEvent(long SequenceNr, byte[] Message, int SerializerId, string Manifest, string? WriterUuid, long CreatedTicks);

/// <summary>A stored snapshot as recovery needs it.</summary>
public readonly record struct StoredSnapshot(long SequenceNr, long CreatedTicks, byte[] Payload, int SerializerId, string Manifest);

/// <summary>A stored event carrying a tag, with the persistence id it belongs to.</summary>
public readonly record struct TaggedEvent(string PersistenceId, byte[] Message, int SerializerId, string Manifest);

/// <summary>
/// Recovery reads (latest snapshot, highest sequence number, replay) on pooled connections with statements prepared
/// once. Every entity start runs all three, so they skip the plugin's per-query query builder (linq2db builds and
/// visits an expression tree for each: about 30 KB allocated per snapshot load) and its throttling ask.
/// </summary>
public sealed class SqliteEventReader(string connectionString) : IDisposable
{
    private readonly ConcurrentBag<Session> _idle = [];
    private readonly ConcurrentBag<Session> _all = [];

    public long HighestSequenceNr(string persistenceId) => WithSession(session =>
    {
        session.Highest.Parameters[0].Value = persistenceId;
        return session.Highest.ExecuteScalar() is long highest ? highest : 0;
    });

    /// <summary>Events of one persistence id in order, deleted ones skipped, at most <paramref name="max"/>.</summary>
    public void Replay(string persistenceId, long from, long to, long max, Action<StoredEvent> onEvent) => WithSession(session =>
    {
        var p = session.Replay.Parameters;
        p[0].Value = persistenceId;
        p[1].Value = from;
        p[2].Value = to;
        p[3].Value = max;
        using var reader = session.Replay.ExecuteReader();
        while (reader.Read())
        {
            onEvent(new StoredEvent(reader.GetInt64(0), (byte[])reader.GetValue(1), reader.GetInt32(2),
                reader.IsDBNull(3) ? "" : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt64(5)));
        }
        return 0;
    });

    /// <summary>
    /// The newest snapshot of one persistence id within the criteria's bounds (sequence number and creation ticks,
    /// both inclusive), as the plugin's snapshot store selects it; null when there is none.
    /// </summary>
    public StoredSnapshot? LatestSnapshot(string persistenceId, long minSequenceNr, long maxSequenceNr, long minCreatedTicks, long maxCreatedTicks) =>
        WithSession(session =>
        {
            var p = session.Snapshot.Parameters;
            p[0].Value = persistenceId;
            p[1].Value = minSequenceNr;
            p[2].Value = maxSequenceNr;
            p[3].Value = minCreatedTicks;
            p[4].Value = maxCreatedTicks;
            using var reader = session.Snapshot.ExecuteReader();
            if (!reader.Read())
                return (StoredSnapshot?)null;
            var sequenceNr = reader.GetInt64(0);
            // The column is nullable for rows of plugin versions before serializer ids; this store never had any. Such a
            // row would need a type name as its manifest, which the BUX serializer does not write: say so instead of guessing.
            if (reader.IsDBNull(4))
                throw new InvalidDataException(
                    $"The snapshot of {persistenceId} at sequence number {sequenceNr} has no serializer id, so it cannot be read; " +
                    "delete that row from the snapshot table and the entity recovers from its events.");
            return new StoredSnapshot(sequenceNr, reader.GetInt64(1), reader.IsDBNull(2) ? [] : (byte[])reader.GetValue(2),
                reader.GetInt32(4), reader.IsDBNull(3) ? "" : reader.GetString(3));
        });

    /// <summary>
    /// Every live event with <paramref name="tag"/> in the database at <paramref name="connectionString"/>, in the order
    /// they were written. A one-off read on a connection of its own, outside the recovery pool: the plugin's query
    /// journal would do the same, but creating it starts an actor that polls every new journal row for as long as the
    /// node runs. A database the journal has not initialized yet has no tags.
    /// </summary>
    public static void ReadTagged(string connectionString, string tag, Action<TaggedEvent> onEvent)
    {
        using var connection = SqlitePragmas.Open(connectionString);
        using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('tags', 'journal')";
        if ((long)exists.ExecuteScalar()! < 2)
            return;
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT j.persistence_id, j.message, j.identifier, j.manifest FROM tags t JOIN journal j ON j.ordering = t.ordering_id " +
            "WHERE t.tag = $tag AND j.deleted = 0 ORDER BY t.ordering_id";
        command.Parameters.AddWithValue("$tag", tag);
        using var reader = command.ExecuteReader();
        while (reader.Read())
            onEvent(new TaggedEvent(reader.GetString(0), (byte[])reader.GetValue(1), reader.GetInt32(2), reader.IsDBNull(3) ? "" : reader.GetString(3)));
    }

    public void Dispose()
    {
        foreach (var session in _all)
            session.Dispose();
    }

    /// <summary>Runs <paramref name="read"/> on an idle session (a new one when all are in use) and returns it to the pool.</summary>
    private T WithSession<T>(Func<Session, T> read)
    {
        if (!_idle.TryTake(out var session))
        {
            session = new Session(connectionString);
            _all.Add(session);
        }
        try
        {
            return read(session);
        }
        finally
        {
            _idle.Add(session);
        }
    }

    private sealed class Session : IDisposable
    {
        private readonly SqliteConnection _connection;

        public Session(string connectionString)
        {
            _connection = SqlitePragmas.Open(connectionString);
            Highest = Prepare("SELECT MAX(sequence_number) FROM journal WHERE persistence_id = $pid", "$pid");
            Replay = Prepare(
                "SELECT sequence_number, message, identifier, manifest, writer_uuid, created FROM journal " +
                "WHERE persistence_id = $pid AND sequence_number BETWEEN $from AND $to AND deleted = 0 " +
                "ORDER BY sequence_number LIMIT $max",
                "$pid", "$from", "$to", "$max");
            Snapshot = Prepare(
                "SELECT sequence_number, created, snapshot, manifest, serializer_id FROM snapshot " +
                "WHERE persistence_id = $pid AND sequence_number BETWEEN $minSeq AND $maxSeq AND created BETWEEN $minTicks AND $maxTicks " +
                "ORDER BY sequence_number DESC LIMIT 1",
                "$pid", "$minSeq", "$maxSeq", "$minTicks", "$maxTicks");
        }

        public SqliteCommand Snapshot { get; }

        public SqliteCommand Highest { get; }

        public SqliteCommand Replay { get; }

        public void Dispose()
        {
            Highest.Dispose();
            Replay.Dispose();
            Snapshot.Dispose();
            _connection.Dispose();
        }

        private SqliteCommand Prepare(string sql, params string[] parameters)
        {
            var command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters)
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            command.Prepare();
            return command;
        }
    }
}
