using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Domain.Tables;

namespace BlocksterV2.Cluster.Inspection;

/// <summary><c>table-info</c>'s lines about this node's copy: size, memory, and where it lives (as Mnesia's <c>size</c>, <c>memory</c>, <c>where_to_read</c>).</summary>
internal sealed class LocalCopySource(NodeTables tables, string node) : ITableInfoSource
{
    public IAsyncEnumerable<string> Describe(TableDefinition table, CancellationToken cancellationToken) => Lines(table).Streamed();

    private IEnumerable<string> Lines(TableDefinition table)
    {
        var (rows, memory) = tables.SizeOf(table.Name);
        yield return $"size: {rows} rows";
        yield return $"memory: {memory} bytes" + (rows > 0 ? $" ({memory / rows} per row)" : "");
        yield return $"copy: RAM of {node}, fed by " + (tables.Location?.Journal is { } journal ? $"the journal {journal}" : "the in-memory journal");
        yield return $"applied: journal position {tables.AppliedPosition}" + (tables.FeedFaults > 0 ? $", {tables.FeedFaults} events NOT applied (see the node log)" : "");
        yield return tables.LastCheckpoint is { } checkpoint
            ? $"checkpoint: {tables.Location?.Checkpoint} at journal position {checkpoint.Position}, written {checkpoint.At:yyyy-MM-dd HH:mm:ss}Z"
            : tables.Location?.Checkpoint is { } path ? $"checkpoint: {path} (none written yet)" : "checkpoint: none (RAM only)";
    }
}
