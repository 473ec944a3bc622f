namespace BlocksterV2.Cluster.LocalTables;

/// <summary>The Mnesia records' free-form fields, kept only by rows that have one: most rows pay a null reference instead.</summary>
public sealed record ExtraFields(string? ExtraField1, string? ExtraField2, string? ExtraField3, string? ExtraField4)
{
    public static ExtraFields? Of(string? extraField1, string? extraField2, string? extraField3, string? extraField4) =>
        extraField1 is null && extraField2 is null && extraField3 is null && extraField4 is null
            ? null
            : new ExtraFields(extraField1, extraField2, extraField3, extraField4);

    public long HeapBytes =>
        HeapSizes.ObjectHeader + 4 * HeapSizes.Reference
        + HeapSizes.Of(ExtraField1) + HeapSizes.Of(ExtraField2) + HeapSizes.Of(ExtraField3) + HeapSizes.Of(ExtraField4);
}
