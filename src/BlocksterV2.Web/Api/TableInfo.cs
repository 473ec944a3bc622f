using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Domain.Tables;

namespace BlocksterV2.Web.Api;

/// <summary>
/// A table's definition and this node's copy of it, as <c>:mnesia.table_info</c> reported: size (rows), memory
/// (bytes of RAM the rows and indexes take), storage mode and where the copy lives.
/// </summary>
public sealed record TableInfo(
    string Name,
    IReadOnlyList<FieldDefinition> Fields,
    string Key,
    IReadOnlyList<string> IndexedFields,
    StorageMode Storage,
    long Size,
    long MemoryBytes,
    TableCopy Copy)
{
    public static TableInfo Of(TableDefinition definition, NodeTables tables, string node)
    {
        var size = tables.SizeOf(definition.Name);
        return new TableInfo(definition.Name, definition.Fields, definition.Key, definition.IndexedFields, definition.Storage, size.Rows, size.MemoryBytes,
            new TableCopy(node, tables.Location?.Journal, tables.Location?.Checkpoint, tables.LastCheckpoint?.Position, tables.LastCheckpoint?.At,
                tables.AppliedPosition, tables.FeedFaults));
    }
}

/// <summary>
/// This node's copy: in RAM on <c>Node</c>, fed by the journal at <c>Journal</c> (null: the in-memory journal of a
/// RAM-only node) up to <c>AppliedPosition</c>, checkpointed to <c>Checkpoint</c> up to <c>CheckpointPosition</c>.
/// <c>FeedFaults</c> counts events the copy could not apply (0 on a healthy node).
/// </summary>
public sealed record TableCopy(
    string Node,
    string? Journal,
    string? Checkpoint,
    long? CheckpointPosition,
    DateTime? CheckpointAt,
    long AppliedPosition,
    long FeedFaults);
