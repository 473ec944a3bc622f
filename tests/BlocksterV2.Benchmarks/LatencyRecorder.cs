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

    public void Record(int client, long startTimestamp) => _samples[client].Add(Stopwatch.GetTimestamp() - startTimestamp);

    public PhaseResult Summarize(string phase, TimeSpan elapsed, int errors)
    {
        var all = _samples.SelectMany(s => s).ToArray();
        Array.Sort(all);
        double Micros(double q) => all.Length == 0 ? 0 : all[(int)Math.Min(all.Length - 1, q * all.Length)] * 1_000_000.0 / Stopwatch.Frequency;
        return new PhaseResult(phase, all.Length, Math.Round(all.Length / elapsed.TotalSeconds), Math.Round(Micros(0.50)), Math.Round(Micros(0.99)),
            Math.Round(Micros(0.999)), errors);
    }
}

public sealed record PhaseResult(string Phase, long Ops, double OpsPerS, double P50Us, double P99Us, double P999Us, int Errors);
