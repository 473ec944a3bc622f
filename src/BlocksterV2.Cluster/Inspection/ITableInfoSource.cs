using BlocksterV2.Domain.Tables;

namespace BlocksterV2.Cluster.Inspection;

/// <summary>
/// One part of <c>bux table-info</c>'s answer (Mnesia's <c>table_info</c>). The definition is one; what a node
/// knows about its own copy of a table (size, memory, where it lives) is another, added beside it.
/// </summary>
internal interface ITableInfoSource
{
    IAsyncEnumerable<string> Describe(TableDefinition table, CancellationToken cancellationToken);
}
