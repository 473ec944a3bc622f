using System.Diagnostics;

namespace BlocksterV2.Benchmarks;

/// <summary>Per-client latency samples; merged once a phase ends.</summary>
public sealed class LatencyRecorder
{
    private readonly List<long>[] _samples;

    public LatencyRecorder(int clients)
    {
        _samples = Enumerable.Range(0, clients).Select(_ => new List<long>(1 << 16)).ToArray();
    }

    public long Count() => _samples.Sum(s => (long)s.Count);

    public void Record(int client, long startTimestamp) => _samples[client].Add(Stopwatch.GetTimestamp() - startTimestamp);

    public PhaseResult Summarize(string phase, TimeSpan elapsed, int errors, GcActivity gc)
    {
        var all = _samples.SelectMany(s => s).ToArray();
        Array.Sort(all);
        double Micros(double q) => all.Length == 0 ? 0 : all[(int)Math.Min(all.Length - 1, q * all.Length)] * 1_000_000.0 / Stopwatch.Frequency;
        return new PhaseResult(phase, all.Length, Math.Round(all.Length / elapsed.TotalSeconds), Math.Round(Micros(0.50)), Math.Round(Micros(0.99)),
            Math.Round(Micros(0.999)), errors, gc.PauseMs, gc.Gen0, gc.Gen1, gc.Gen2, all.Length == 0 ? 0 : gc.AllocatedBytes / all.Length,
            all.Length == 0 ? 0 : Math.Round(gc.ProcessorTime.TotalMicroseconds / all.Length, 1));
    }
}

public sealed record PhaseResult(
    string Phase, long Ops, double OpsPerS, double P50Us, double P99Us, double P999Us, int Errors,
    double GcPauseMs, int Gen0Collections, int Gen1Collections, int Gen2Collections, long AllocatedBytesPerOp,
    double CpuUsPerOp,
    double? PassivationsPerOp = null);

/// <summary>
/// Garbage collections during a phase (pauses are the usual cause of the slowest percentiles), and the processor
/// time the whole process used: per operation it varies far less between runs than throughput on a shared machine.
/// </summary>
public sealed record GcActivity(double PauseMs, int Gen0, int Gen1, int Gen2, long AllocatedBytes, TimeSpan ProcessorTime)
{
    public static GcActivity Now() =>
        new(GC.GetTotalPauseDuration().TotalMilliseconds, GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2),
            GC.GetTotalAllocatedBytes(), Environment.CpuUsage.TotalTime);

    public GcActivity Since(GcActivity start) =>
        new(Math.Round(PauseMs - start.PauseMs, 1), Gen0 - start.Gen0, Gen1 - start.Gen1, Gen2 - start.Gen2, AllocatedBytes - start.AllocatedBytes,
            ProcessorTime - start.ProcessorTime);
}
