namespace BlocksterV2.Benchmarks;

/// <summary>Where the benchmark sends its operations: entity asks in this process, or HTTP to a node.</summary>
public interface IBenchTarget : IAsyncDisposable
{
    /// <summary>Credits one BUX; true when the node acknowledged it (durable before the reply).</summary>
    Task<bool> Credit(string userId, long amount);

    /// <summary>Reads the user through its entity; true when the record came back.</summary>
    Task<bool> Read(string userId);
}
