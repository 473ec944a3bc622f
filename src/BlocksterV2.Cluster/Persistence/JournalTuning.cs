namespace BlocksterV2.Cluster.Persistence;

/// <summary>Write-path settings of the node's journal (<see cref="SqliteEventWriter"/>).</summary>
public sealed class JournalTuning
{
    /// <summary>
    /// Most events one SQLite transaction takes. Everything queued while a transaction commits goes into the
    /// next one (group commit), so under load a transaction holds roughly one event per waiting writer.
    /// </summary>
    public int BatchSize { get; set; } = 2000;
}
