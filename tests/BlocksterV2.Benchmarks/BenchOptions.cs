namespace BlocksterV2.Benchmarks;

/// <summary>
/// Command line of the benchmark: <c>--mode inproc|http --users N --clients N --seconds N [--url U] [--data-dir D] [--ram-only]
/// [--nodes N] [--consistency all|majority|local]</c> (the last two inproc only),
/// or <c>--mode cluster [--nodes N] [--samples N] [--poll-ms N] --users N --clients N [--data-dir D] [--ram-only]</c>.
/// </summary>
public sealed record BenchOptions(string Mode, int Users, int Clients, int Seconds, string? Url, string? DataDir, bool RamOnly)
{
    /// <summary>Loopback addresses 127.0.0.2 .. 127.0.0.(1 + MaxNodes) host the cluster mode's nodes.</summary>
    public const int MaxNodes = 8;

    /// <summary>The timed phases of inproc and http modes, in the order they run (after the preload).</summary>
    public static readonly string[] TimedPhases = ["credit_txn", "credit_cold", "read_txn", "read_dirty", "top100"];

    /// <summary>Inproc and http modes: which timed phases to run (<c>--phases credit_txn,read_txn</c>); all by default.</summary>
    public IReadOnlySet<string> Phases { get; init; } = TimedPhases.ToHashSet();

    /// <summary>Prints each phase's sampled allocations by type to stderr (<see cref="AllocationProfile"/>).</summary>
    public bool AllocationProfile { get; init; }

    /// <summary>
    /// Cluster mode: how many node processes to start (127.0.0.2, 127.0.0.3, ...). Inproc mode: how many nodes in all, this
    /// process (127.0.0.2, the seed) and node processes joining it (127.0.0.3, ...); 1: this process alone.
    /// </summary>
    public int Nodes { get; init; } = 3;

    /// <summary>Inproc mode: <c>Bux:Replication:Consistency</c> of every node (<c>all</c>, <c>majority</c>, <c>local</c>).</summary>
    public Cluster.Replication.Consistency Consistency { get; init; } = Cluster.Replication.Consistency.All;

    /// <summary>Cluster mode: how many credits whose leaderboard visibility is measured.</summary>
    public int Samples { get; init; } = 200;

    /// <summary>Cluster mode: how often each node's leaderboard is polled while a sample waits.</summary>
    public int PollMs { get; init; } = 5;

    /// <summary>Inproc mode: <c>Bux:Entities:MaxResident</c> of this node (<c>--max-resident N</c>, 0: no limit); the node's default otherwise.</summary>
    public int? MaxResident { get; init; }

    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        var flags = new HashSet<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"unexpected argument '{args[i]}'");
            var name = args[i][2..];
            if (name is "ram-only" or "alloc-profile")
            {
                flags.Add(name);
                continue;
            }
            if (i + 1 >= args.Length)
                throw new ArgumentException($"--{name} needs a value");
            values[name] = args[++i];
        }
        var known = new[] { "mode", "users", "clients", "seconds", "url", "data-dir", "nodes", "samples", "poll-ms", "phases", "consistency", "max-resident" };
        if (values.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
            throw new ArgumentException($"unknown option --{unknown}; options are --{string.Join(", --", known)}, --ram-only, --alloc-profile");
        var mode = values.GetValueOrDefault("mode", "inproc");
        if (mode is not ("inproc" or "http" or "cluster"))
            throw new ArgumentException($"--mode must be inproc, http or cluster (got '{mode}')");
        var clusterOnly = mode == "inproc" ? new[] { "samples", "poll-ms" } : new[] { "nodes", "samples", "poll-ms" };
        if (mode != "cluster" && values.Keys.FirstOrDefault(clusterOnly.Contains) is { } misplaced)
            throw new ArgumentException($"--{misplaced} applies to --mode cluster only");
        if (mode != "inproc" && values.ContainsKey("consistency"))
            throw new ArgumentException("--consistency applies to --mode inproc only");
        if (mode == "inproc" && values.ContainsKey("nodes") && flags.Contains("ram-only"))
            throw new ArgumentException("--nodes with --mode inproc needs disc copies (RAM-only nodes do not replicate): drop --ram-only");
        if (mode == "cluster" && values.Keys.FirstOrDefault(k => k is "url" or "seconds" or "phases") is { } notForCluster)
            throw new ArgumentException(notForCluster switch
            {
                "url" => "--url does not apply to --mode cluster: it starts its own nodes on 127.0.0.2 and up",
                "seconds" => "--seconds does not apply to --mode cluster: it runs --samples credits",
                _ => "--phases does not apply to --mode cluster: it has one phase, leaderboard_visibility",
            });

        var options = new BenchOptions(mode, Int("users", 100_000), Int("clients", 64), Int("seconds", 10),
            values.GetValueOrDefault("url"), values.GetValueOrDefault("data-dir"), flags.Contains("ram-only"))
        {
            Nodes = Int("nodes", mode == "inproc" ? 1 : 3),
            Consistency = values.TryGetValue("consistency", out var consistency)
                ? Enum.TryParse<Cluster.Replication.Consistency>(consistency, ignoreCase: true, out var parsed) && !int.TryParse(consistency, out _)
                    ? parsed
                    : throw new ArgumentException($"--consistency must be all, majority or local (got '{consistency}')")
                : Cluster.Replication.Consistency.All,
            Samples = Int("samples", 200),
            PollMs = Int("poll-ms", 5),
            MaxResident = values.TryGetValue("max-resident", out var maxResident)
                ? int.TryParse(maxResident, out var limit) && limit >= 0 ? limit : throw new ArgumentException($"--max-resident must be 0 or a positive integer (got '{maxResident}')")
                : null,
            AllocationProfile = flags.Contains("alloc-profile"),
            Phases = values.TryGetValue("phases", out var phases) ? PhaseSet(phases) : TimedPhases.ToHashSet(),
        };
        if (mode == "cluster" && options.Nodes is < 2 or > MaxNodes)
            throw new ArgumentException($"--nodes must be from 2 to {MaxNodes} (got {options.Nodes}): the cluster mode measures across nodes");
        if (mode == "inproc" && options.Nodes > MaxNodes - 1)
            throw new ArgumentException($"--nodes must be from 1 to {MaxNodes - 1} (got {options.Nodes}) with --mode inproc: one more node joins for the catch-up phase");
        if (mode == "cluster" && options.Samples > options.Users)
            throw new ArgumentException($"--samples ({options.Samples}) must not exceed --users ({options.Users}): each sample credits a different user");
        return options;

        static HashSet<string> PhaseSet(string text)
        {
            var chosen = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet();
            if (chosen.Count == 0)
                throw new ArgumentException($"--phases needs at least one of {string.Join(", ", TimedPhases)}");
            if (chosen.FirstOrDefault(p => !TimedPhases.Contains(p)) is { } unknownPhase)
                throw new ArgumentException($"--phases: unknown phase '{unknownPhase}'; phases are {string.Join(", ", TimedPhases)}");
            return chosen;
        }

        int Int(string name, int fallback) =>
            !values.TryGetValue(name, out var text) ? fallback
            : int.TryParse(text, out var n) && n > 0 ? n
            : throw new ArgumentException($"--{name} must be a positive integer (got '{text}')");
    }
}
