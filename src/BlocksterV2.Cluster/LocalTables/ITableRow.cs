namespace BlocksterV2.Cluster.LocalTables;

/// <summary>What a local table needs from its rows: the key and the two indexed fields.</summary>
public interface ITableRow
{
    string Key { get; }
    long Balance { get; }
    long UpdatedTicks { get; }
    long Version { get; }

    /// <summary>The row's own heap bytes (object, key, optional fields), for <c>table-info</c>'s memory figure.</summary>
    long HeapBytes { get; }
}
