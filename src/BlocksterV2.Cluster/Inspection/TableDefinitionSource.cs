using BlocksterV2.Domain.Tables;

namespace BlocksterV2.Cluster.Inspection;

/// <summary><c>table-info</c>'s definition lines: storage, key, indexes and fields, as <see cref="BuxTables"/> defines them.</summary>
internal sealed class TableDefinitionSource : ITableInfoSource
{
    public IAsyncEnumerable<string> Describe(TableDefinition table, CancellationToken cancellationToken) => Lines(table).Streamed();

    public static string StorageName(StorageMode storage) => storage switch
    {
        StorageMode.DiscCopies => "disc_copies",
        _ => "ram_copies",
    };

    private static IEnumerable<string> Lines(TableDefinition table)
    {
        yield return $"table: {table.Name}";
        yield return $"storage: {StorageName(table.Storage)}";
        yield return $"key: {table.Key}";
        yield return $"indexes: [{string.Join(", ", table.IndexedFields)}]";
        yield return $"fields ({table.Fields.Count}):";
        foreach (var field in table.Fields)
            yield return $"  {field.Name} | {field.Type} | {field.Description}";
    }
}
