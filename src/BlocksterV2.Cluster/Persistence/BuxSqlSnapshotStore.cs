using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Sql.Snapshot;

namespace BlocksterV2.Cluster.Persistence;

/// <summary>
/// The SQL plugin's snapshot store with the load every entity start makes read by <see cref="SqliteEventReader"/>
/// (one prepared statement on a pooled connection) instead of a linq2db query built per call. Saves, deletes and
/// table creation stay the plugin's, in its table layout, so the snapshot rows are the ones it writes and reads.
/// </summary>
public sealed class BuxSqlSnapshotStore : SqlSnapshotStore
{
    private readonly string _connectionString;
    private readonly Akka.Serialization.Serialization _serialization;
    private SqliteEventReader? _reader;

    public BuxSqlSnapshotStore(Config snapshotConfig) : base(snapshotConfig)
    {
        _connectionString = snapshotConfig.GetString("connection-string");
        _serialization = Context.System.Serialization;
    }

    protected override async Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        var reader = _reader ??= new SqliteEventReader(_connectionString);
        var stored = await Task.Run(() => reader.LatestSnapshot(persistenceId,
            criteria.MinSequenceNr, criteria.MaxSequenceNr,
            criteria.MinTimestamp?.Ticks ?? 0, criteria.MaxTimeStamp.Ticks), cancellationToken);
        if (stored is not { } row)
            return null;
        var snapshot = _serialization.Deserialize(row.Payload, row.SerializerId, row.Manifest);
        return new SelectedSnapshot(new SnapshotMetadata(persistenceId, row.SequenceNr, new DateTime(row.CreatedTicks)), snapshot);
    }

    protected override void PostStop()
    {
        _reader?.Dispose();
        base.PostStop();
    }
}
