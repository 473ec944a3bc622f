namespace BlocksterV2.Cluster.LocalTables;

/// <summary>Heap sizes on 64-bit .NET, for the memory a table reports (<c>table-info</c>, like Mnesia's <c>memory</c>).</summary>
internal static class HeapSizes
{
    public const int Reference = 8;
    public const int ObjectHeader = 16;
    public const int ArrayHeader = 24;

    /// <summary>Header, length, the characters and the terminator, rounded up to 8 bytes.</summary>
    public static long Of(string? value) => value is null ? 0 : Align(22L + 2L * value.Length);

    public static long Align(long bytes) => (bytes + 7) & ~7L;
}
