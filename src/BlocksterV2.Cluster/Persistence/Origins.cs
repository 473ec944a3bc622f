using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace BlocksterV2.Cluster.Persistence;

/// <summary>
/// One origin this copy holds events of: a journal incarnation (one per node start, named by the <c>writer_uuid</c>
/// it stamps on its events) and how far this copy holds its events without a gap. Only the writer thread changes
/// <see cref="Contiguous"/>; anyone may read it.
/// </summary>
public sealed class OriginState(long id, string writerUuid, string node, bool own, long contiguous)
{
    private long _contiguous = contiguous;

    /// <summary>This database's number for the origin (the high bits of <c>origin_key</c>); differs between nodes.</summary>
    public long Id { get; } = id;

    public string WriterUuid { get; } = writerUuid;

    /// <summary>The Akka address of the node the origin ran on.</summary>
    public string Node { get; } = node;

    /// <summary>Written by this database's own journal (this node, this or an earlier start).</summary>
    public bool Own { get; } = own;

    /// <summary>Every event of the origin up to this number is in this copy, or was retracted (see the conflicts table).</summary>
    public long Contiguous
    {
        get => Volatile.Read(ref _contiguous);
        internal set => Volatile.Write(ref _contiguous, value);
    }
}

/// <summary>The origins of this copy (the <c>replication_origins</c> table), in memory for the replication paths.</summary>
public sealed class Origins
{
    private readonly ConcurrentDictionary<string, OriginState> _byUuid = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, OriginState> _byId = new();

    public OriginState? Find(string writerUuid) => _byUuid.GetValueOrDefault(writerUuid);

    public OriginState? Find(long id) => _byId.GetValueOrDefault(id);

    public IReadOnlyList<OriginState> All => _byId.Values.OrderBy(o => o.Id).ToList();

    /// <summary>How far this copy holds each origin: what a peer serving a pull must send beyond.</summary>
    public Dictionary<string, long> Watermarks() => _byUuid.Values.ToDictionary(o => o.WriterUuid, o => o.Contiguous, StringComparer.Ordinal);

    /// <summary>Loads the table; the writer calls it once, before it takes writes.</summary>
    internal void Load(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, writer_uuid, node, own, contiguous FROM replication_origins";
        using var reader = command.ExecuteReader();
        while (reader.Read())
            Add(new OriginState(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3) != 0, reader.GetInt64(4)));
    }

    internal void Add(OriginState origin)
    {
        _byUuid[origin.WriterUuid] = origin;
        _byId[origin.Id] = origin;
    }
}
