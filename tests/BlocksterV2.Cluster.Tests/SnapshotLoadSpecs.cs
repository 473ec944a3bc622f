using BlocksterV2.Cluster.Persistence;

namespace BlocksterV2.Cluster.Tests;

/// <summary>
/// The snapshot load every entity start makes (<see cref="SqliteEventReader.LatestSnapshot"/>, behind
/// <see cref="BuxSqlSnapshotStore"/>) selects what the plugin's own query selects: the newest row of that persistence id
/// inside the criteria's bounds. <see cref="RestoreSpecs"/> shows a node recovering through it from the plugin's rows.
/// </summary>
public sealed class SnapshotLoadSpecs : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly SqliteEventReader _reader;

    public SnapshotLoadSpecs()
    {
        _reader = new SqliteEventReader(_db.ConnectionString);
        Insert("user-a", 3, 300);
        Insert("user-a", 6, 600);
        Insert("user-a", 9, 900);
        Insert("user-b", 12, 1200);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _db.Dispose();
    }

    private void Insert(string persistenceId, long sequenceNr, long createdTicks) =>
        _db.Execute("INSERT INTO snapshot (persistence_id, sequence_number, created, snapshot, manifest, serializer_id) VALUES ($p, $s, $c, $b, 'm', 7)",
            ("$p", persistenceId), ("$s", sequenceNr), ("$c", createdTicks), ("$b", new[] { (byte)sequenceNr }));

    [Fact]
    public void Without_bounds_the_newest_snapshot_of_that_id_is_loaded_with_its_payload_serializer_and_manifest()
    {
        var loaded = _reader.LatestSnapshot("user-a", 0, long.MaxValue, 0, DateTime.MaxValue.Ticks);
        Assert.NotNull(loaded);
        Assert.Equal((9L, 900L, 7, "m"), (loaded.Value.SequenceNr, loaded.Value.CreatedTicks, loaded.Value.SerializerId, loaded.Value.Manifest));
        Assert.Equal([9], loaded.Value.Payload);
    }

    [Fact]
    public void A_maximum_sequence_number_or_creation_time_selects_the_newest_snapshot_at_or_below_it()
    {
        Assert.Equal(6L, _reader.LatestSnapshot("user-a", 0, 8, 0, long.MaxValue)!.Value.SequenceNr);
        Assert.Equal(6L, _reader.LatestSnapshot("user-a", 0, 6, 0, long.MaxValue)!.Value.SequenceNr);
        Assert.Equal(3L, _reader.LatestSnapshot("user-a", 0, long.MaxValue, 0, 599)!.Value.SequenceNr);
    }

    [Fact]
    public void Minimum_bounds_above_every_snapshot_and_unknown_ids_load_nothing()
    {
        Assert.Null(_reader.LatestSnapshot("user-a", 10, long.MaxValue, 0, long.MaxValue));
        Assert.Null(_reader.LatestSnapshot("user-a", 0, long.MaxValue, 901, long.MaxValue));
        Assert.Null(_reader.LatestSnapshot("user-c", 0, long.MaxValue, 0, long.MaxValue));
    }

    [Fact]
    public void A_snapshot_row_without_a_serializer_id_fails_the_load_naming_the_entity_and_what_to_do()
    {
        _db.Execute("INSERT INTO snapshot (persistence_id, sequence_number, created, snapshot, manifest, serializer_id) VALUES ('user-z', 4, 40, x'00', 'm', NULL)");
        var failure = Assert.Throws<InvalidDataException>(() => _reader.LatestSnapshot("user-z", 0, long.MaxValue, 0, long.MaxValue));
        Assert.Contains("user-z at sequence number 4 has no serializer id", failure.Message);
        Assert.Contains("delete that row", failure.Message);
    }
}
