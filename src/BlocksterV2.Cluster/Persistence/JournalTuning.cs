namespace BlocksterV2.Cluster.Persistence;

/// <summary>
/// Write-path settings of the SQL journal. SQLite has one writer, so one writer stream with large batches
/// beats several streams fighting for the lock; each batch is one transaction (one WAL append).
/// </summary>
public sealed class JournalTuning
{
    /// <summary>Events per database transaction.</summary>
    public int BatchSize { get; set; } = 2000;

    /// <summary>Concurrent writer streams into the database.</summary>
    public int Parallelism { get; set; } = 1;

    /// <summary>Events that may wait for a writer before new writes are refused.</summary>
    public int BufferSize { get; set; } = 50_000;
}
