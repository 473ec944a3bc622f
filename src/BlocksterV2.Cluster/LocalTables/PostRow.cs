using System.Collections.Immutable;
using BlocksterV2.Domain.Posts;

namespace BlocksterV2.Cluster.LocalTables;

/// <summary>
/// One <c>post_bux_points</c> row as the local table keeps it, with the post's rewards in flight: undoing a
/// cancelled reward needs the amount that left the pool.
/// </summary>
public sealed class PostRow(PostBuxPoints record, ImmutableDictionary<string, PendingReward> pending) : ITableRow
{
    private const int RecordBytes = HeapSizes.ObjectHeader + 5 * HeapSizes.Reference + 7 * sizeof(long);

    public PostBuxPoints Record { get; } = record;
    public ImmutableDictionary<string, PendingReward> Pending { get; } = pending;

    public string Key => Record.PostId;
    public long Balance => Record.BuxBalance;
    public long UpdatedTicks => Record.UpdatedAt.Ticks;
    public long Version => Record.Version;

    public long HeapBytes =>
        HeapSizes.ObjectHeader + 2 * HeapSizes.Reference + RecordBytes + HeapSizes.Of(Record.PostId)
        + HeapSizes.Of(Record.ExtraField1) + HeapSizes.Of(Record.ExtraField2) + HeapSizes.Of(Record.ExtraField3) + HeapSizes.Of(Record.ExtraField4);
}
