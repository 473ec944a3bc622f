using BlocksterV2.Cluster.Entities;
using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Cluster.Replication;
using BlocksterV2.Domain.Tables;

namespace BlocksterV2.Web.Api;

/// <summary>
/// A table's definition and this node's copy of it, as <c>:mnesia.table_info</c> reported: size (rows), memory
/// (bytes of RAM the rows and indexes take), storage mode and where the copy lives; for one table asked by name, also
/// every member's copy (<see cref="Copies"/>: its state, rows, journal position, how far behind, conflicts, digest).
/// <see cref="Entities"/>: how many of the table's entities this node keeps resident, under which limit.
/// </summary>
public sealed record TableInfo(
    string Name,
    IReadOnlyList<FieldDefinition> Fields,
    string Key,
    IReadOnlyList<string> IndexedFields,
    StorageMode Storage,
    long Size,
    long MemoryBytes,
    TableCopy? Copy,
    ResidentEntityInfo Entities,
    IReadOnlyList<MemberCopy>? Copies = null)
{
    public static TableInfo Of(TableDefinition definition, NodeTables tables, ResidentCounts resident, string node, bool withDigest = false)
    {
        var size = tables.SizeOf(definition.Name);
        return new TableInfo(definition.Name, definition.Fields, definition.Key, definition.IndexedFields, definition.Storage, size.Rows, size.MemoryBytes,
            new TableCopy(node, tables.Location?.Journal, tables.Location?.Checkpoint, tables.LastCheckpoint?.Position, tables.LastCheckpoint?.At,
                tables.AppliedPosition, tables.FeedFaults, withDigest ? tables.Digest(definition.Name) : null),
            ResidentEntityInfo.Of(definition.Name, resident));
    }
}

/// <summary>
/// The table's entities resident on this node; <c>Limit</c> (users and posts together, 0: none) and the passivations
/// that keep to it are the node's, shared by both tables.
/// </summary>
public sealed record ResidentEntityInfo(int Resident, int Limit, long Passivations, double PassivationsPerSecond)
{
    public static ResidentEntityInfo Of(string table, ResidentCounts counts) =>
        new(table == BuxTables.UserBuxPoints ? counts.Users : counts.Posts, counts.Limit, counts.Passivations, counts.PassivationsPerSecond);
}

/// <summary>
/// This node's copy: in RAM on <c>Node</c>, fed by the journal at <c>Journal</c> (null: the in-memory journal of a
/// RAM-only node) up to <c>AppliedPosition</c>, checkpointed to <c>Checkpoint</c> up to <c>CheckpointPosition</c>.
/// <c>FeedFaults</c> counts events the copy could not apply (0 on a healthy node). <c>Digest</c> (one table asked by name):
/// rows and a checksum of every row, equal on every node whose copy holds the same rows.
/// </summary>
public sealed record TableCopy(
    string Node,
    string? Journal,
    string? Checkpoint,
    long? CheckpointPosition,
    DateTime? CheckpointAt,
    long AppliedPosition,
    long FeedFaults,
    string? Digest = null);
