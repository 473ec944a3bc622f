namespace BlocksterV2.Benchmarks;

/// <summary>Command line of the benchmark: <c>--mode inproc|http --users N --clients N --seconds N [--url U] [--data-dir D]</c>.</summary>
public sealed record BenchOptions(string Mode, int Users, int Clients, int Seconds, string? Url, string? DataDir, bool RamOnly)
{
    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        var flags = new HashSet<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"unexpected argument '{args[i]}'");
            var name = args[i][2..];
            if (name == "ram-only")
            {
                flags.Add(name);
                continue;
            }
            if (i + 1 >= args.Length)
                throw new ArgumentException($"--{name} needs a value");
            values[name] = args[++i];
        }
        var known = new[] { "mode", "users", "clients", "seconds", "url", "data-dir" };
        if (values.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
            throw new ArgumentException($"unknown option --{unknown}; options are --{string.Join(", --", known)}, --ram-only");
        var mode = values.GetValueOrDefault("mode", "inproc");
        if (mode is not ("inproc" or "http"))
            throw new ArgumentException($"--mode must be inproc or http (got '{mode}')");
        return new BenchOptions(mode, Int("users", 100_000), Int("clients", 64), Int("seconds", 10),
            values.GetValueOrDefault("url"), values.GetValueOrDefault("data-dir"), flags.Contains("ram-only"));

        int Int(string name, int fallback) =>
            !values.TryGetValue(name, out var text) ? fallback
            : int.TryParse(text, out var n) && n > 0 ? n
            : throw new ArgumentException($"--{name} must be a positive integer (got '{text}')");
    }
}
