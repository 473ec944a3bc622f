using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace BlocksterV2.Benchmarks;

/// <summary>
/// <c>--alloc-profile</c>: what each phase allocates, by type, from the runtime's allocation sampling (one
/// <c>GCAllocationTick</c> event per ~100 KB allocated), printed to stderr after the phase. Enough to find which
/// types an operation's bytes go to; for the allocating call stacks take a trace with <c>dotnet-trace</c>.
/// </summary>
public sealed class AllocationProfile : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new();
    private volatile bool _recording;

    public bool Recording
    {
        get => _recording;
        set => _recording = value;
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_recording || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.PayloadNames is null)
            return;
        var type = e.Payload![e.PayloadNames.IndexOf("TypeName")] as string ?? "?";
        var bytes = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")]);
        _bytesByType.AddOrUpdate(type, bytes, (_, sum) => sum + bytes);
    }

    /// <summary>The 30 types with the most sampled bytes, as a share of the phase and as bytes per operation; then starts afresh.</summary>
    public void Report(TextWriter to, string phase, long operations)
    {
        var total = Math.Max(1, _bytesByType.Values.Sum());
        foreach (var (type, bytes) in _bytesByType.OrderByDescending(p => p.Value).Take(30))
            to.WriteLine($"alloc {phase} {bytes * 100.0 / total,5:F1}% {bytes / (double)Math.Max(1, operations),8:F0} B/op  {type}");
        _bytesByType.Clear();
    }
}
