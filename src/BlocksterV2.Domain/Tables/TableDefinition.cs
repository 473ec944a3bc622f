namespace BlocksterV2.Domain.Tables;

/// <summary>How a node keeps a table: on its disk and in RAM (Mnesia's <c>disc_copies</c>) or in RAM only.</summary>
public enum StorageMode
{
    DiscCopies,
    RamCopies,
}

public sealed record FieldDefinition(string Name, string Type, string Description);

/// <summary>One table of the BUX store, as the Mnesia setup's <c>tables()</c> described it.</summary>
public sealed record TableDefinition(
    string Name,
    IReadOnlyList<FieldDefinition> Fields,
    string Key,
    IReadOnlyList<string> IndexedFields,
    StorageMode Storage);
