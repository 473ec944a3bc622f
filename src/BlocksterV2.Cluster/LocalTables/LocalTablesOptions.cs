namespace BlocksterV2.Cluster.LocalTables;

/// <summary>How often the local tables are checkpointed, bound from <c>Bux:LocalTables</c>.</summary>
public sealed class LocalTablesOptions
{
    /// <summary>A checkpoint is written at least this often while events arrive (and at a clean stop).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>...and sooner once this many events arrived since the last one, which bounds the replay at startup.</summary>
    public long CheckpointEveryEvents { get; set; } = 200_000;
}
