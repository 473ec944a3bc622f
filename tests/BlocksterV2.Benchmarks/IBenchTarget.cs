namespace BlocksterV2.Benchmarks;

/// <summary>Where the benchmark sends its operations: entity asks in this process, or HTTP to a node.</summary>
public interface IBenchTarget : IAsyncDisposable
{
    /// <summary>Credits one BUX; true when the node acknowledged it (durable before the reply).</summary>
    Task<bool> Credit(string userId, long amount);

    /// <summary>Reads the user through its entity; true when the record came back.</summary>
    Task<bool> Read(string userId);

    /// <summary>Reads the user from the node's local table (the dirty read); true when the row was there.</summary>
    Task<bool> ReadDirty(string userId);

    /// <summary>Reads the first <paramref name="n"/> entries of the node's leaderboard; true when it holds that many.</summary>
    Task<bool> Top(int n);
}
