using System.Diagnostics;
using System.Text.Json;
using BlocksterV2.Benchmarks;

// One JSON line per phase on stdout; progress and errors on stderr.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException bad)
{
    Console.Error.WriteLine($"bench: {bad.Message}");
    return 2;
}

using var allocations = options.AllocationProfile ? new AllocationProfile() : null;
var json = new JsonSerializerOptions
{
    PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
};
void Emit(object line) => Console.WriteLine(JsonSerializer.Serialize(line, json));
string UserId(int i) => $"bench-user-{i}";

if (options.Mode == "cluster")
    return await RunCluster();

var dataDirectory = options.RamOnly ? null : options.DataDir ?? Path.Combine(Path.GetTempPath(), $"bux-bench-{Guid.NewGuid():N}");
var ownsDataDirectory = options.DataDir is null && dataDirectory is not null;
var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
// --nodes N (inproc): this process is the seed node on 127.0.0.2; N-1 node processes join it, and entities live on every node
(string Ip, int Port)? seed = options.Mode == "inproc" && options.Nodes > 1 ? (BenchCluster.Ip(0), FreePorts.Tcp()) : null;
var target = options.Mode == "inproc"
    ? (IBenchTarget)await InProcTarget.Start(dataDirectory, seed, options.Consistency, options.MaxResident)
    : await HttpTarget.Start(options.Url, dataDirectory, options.Clients);
BenchCluster? others = null;
try
{
    if (seed is { } seedNode)
    {
        var consistency = new Dictionary<string, string> { ["Bux__Replication__Consistency"] = options.Consistency.ToString() };
        others = await BenchCluster.Start(options.Nodes - 1, Path.Combine(dataDirectory!, "others"), ramOnly: false, options.Clients, seedNode, consistency);
        Console.Error.WriteLine($"bench: {options.Nodes} nodes, consistency {options.Consistency}: this process on {seedNode.Ip}:{seedNode.Port} and " +
                                string.Join(", ", others.Nodes.Select(n => n.Address)));
    }
    Console.Error.WriteLine($"bench: {options.Mode} node ready ({(dataDirectory is null ? "RAM only" : dataDirectory)}); preloading {options.Users} users");

    var preload = await Run("preload", options.Clients, TimeSpan.MaxValue, options.Users, (i, _) => target.Credit(UserId(i), 1000));
    Emit(preload);
    if (options.Mode == "inproc")
    {
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        var resident = ((InProcTarget)target).Resident.Counts();
        Emit(new
        {
            Phase = "memory", Users = options.Users, BytesPerUser = (heapAfter - heapBefore) / options.Users, HeapBytes = heapAfter,
            ResidentEntities = resident.Total, MaxResident = resident.Limit, Passivations = resident.Passivations,
            PeakWorkingSetBytes = Process.GetCurrentProcess().PeakWorkingSet64,
        });
        // The node's table (its own estimate), then fresh tables of as many rows, measured by the heap they add.
        var users = ((InProcTarget)target).Tables.Users;
        await Eventually.True(() => users.Count >= options.Users, TimeSpan.FromSeconds(30), "the local table to hold every preloaded user");
        var plain = LocalTableMemory.Fill(options.Users, withWallet: false);
        var withWallet = LocalTableMemory.Fill(options.Users, withWallet: true);
        Emit(new
        {
            Phase = "local_table_memory", Rows = users.Count, LocalTableBytesPerUser = users.HeapBytes / users.Count,
            MeasuredBytesPerUser = plain.BytesPerUser, MeasuredBytesPerUserWithWallet = withWallet.BytesPerUser,
            EstimatedBytesPerUserFresh = plain.EstimatedBytesPerUser, EstimatedBytesPerUserFreshWithWallet = withWallet.EstimatedBytesPerUser,
        });
    }

    var duration = TimeSpan.FromSeconds(options.Seconds);
    if (options.Phases.Contains("credit_txn"))
        Emit(await Run("credit_txn", options.Clients, duration, null, (_, random) => target.Credit(UserId(random.Next(options.Users)), 1)));
    if (options.Phases.Contains("credit_cold"))
    {
        // users in order from a random start: a user comes round again only after every other one, so with fewer
        // resident entities than users nearly every credit finds its entity passivated and recovers it first
        if ((target as InProcTarget)?.Resident.Limit is { } limit && (limit == 0 || limit >= options.Users))
            Console.Error.WriteLine($"credit_cold: the resident limit ({(limit == 0 ? "none" : limit.ToString("N0"))}) holds all {options.Users:N0} users, " +
                "so these credits are warm, not cold; pass --max-resident below --users to measure entity starts");
        var next = Random.Shared.Next(options.Users);
        var passivationsBefore = (target as InProcTarget)?.Resident.Counts().Passivations;
        var cold = await Run("credit_cold", options.Clients, duration, null,
            (_, _) => target.Credit(UserId((int)((uint)Interlocked.Increment(ref next) % (uint)options.Users)), 1));
        var passivated = (target as InProcTarget)?.Resident.Counts().Passivations - passivationsBefore;
        Emit(passivated is { } s ? cold with { PassivationsPerOp = Math.Round((double)s / Math.Max(1, cold.Ops), 3) } : cold);
    }
    if (options.Phases.Contains("read_txn"))
        Emit(await Run("read_txn", options.Clients, duration, null, (_, random) => target.Read(UserId(random.Next(options.Users)))));

    // Local reads complete without waiting in inproc mode: each client gets its own thread, not a pool thread it never yields.
    // The ids are made up front: formatting one costs about as much as the read being measured.
    var ids = Enumerable.Range(0, options.Users).Select(UserId).ToArray();
    var synchronous = options.Mode == "inproc";
    if (options.Phases.Contains("read_dirty"))
        Emit(await Run("read_dirty", options.Clients, duration, null, (_, random) => target.ReadDirty(ids[random.Next(ids.Length)]), synchronous));
    if (options.Phases.Contains("top100"))
    {
        await Eventually.True(() => target.Top(100), TimeSpan.FromSeconds(30), "the leaderboard to hold 100 entries");
        Emit(await Run("top100", options.Clients, duration, null, (_, _) => target.Top(100), synchronous));
    }

    if (others is not null)
    {
        foreach (var line in await ReplicaPhases.CopiesAndCatchUp(others, options.Nodes, options.Users))
            Emit(line);
    }

    using var self = Process.GetCurrentProcess();
    Emit(new { Phase = "process", Mode = options.Mode, PeakWorkingSetBytes = self.PeakWorkingSet64, Users = options.Users, Clients = options.Clients, Nodes = options.Nodes });
}
finally
{
    // the node stops (leaves the cluster, writes its last local-tables checkpoint) before the others and its data directory go
    await target.DisposeAsync();
    if (others is not null)
        await others.DisposeAsync();
}

if (ownsDataDirectory)
    Directory.Delete(dataDirectory!, recursive: true);
return 0;

// Cluster mode: node processes on 127.0.0.2.., users preloaded through the first, then the leaderboard's visibility.
async Task<int> RunCluster()
{
    Console.Error.WriteLine($"bench: starting {options.Nodes} nodes on {BenchCluster.Ip(0)}..{BenchCluster.Ip(options.Nodes - 1)}");
    var formation = Stopwatch.StartNew();
    await using var cluster = await BenchCluster.Start(options.Nodes, options.DataDir, options.RamOnly, options.Clients);
    Console.Error.WriteLine($"bench: one cluster of {options.Nodes} after {formation.Elapsed.TotalSeconds:0.0} s " +
                            $"({string.Join(", ", cluster.Nodes.Select(n => $"{n.Name} http://{n.Address}"))}); preloading {options.Users} users");
    await using (var first = await HttpTarget.Start(cluster.Nodes[0].Http.BaseAddress!.ToString(), null, options.Clients))
        Emit(await Run("preload", options.Clients, TimeSpan.MaxValue, options.Users, (i, _) => first.Credit(UserId(i), 1000)));
    Emit(await LeaderboardVisibility.Measure(cluster, options.Samples, options.PollMs, options.Users, UserId));
    return 0;
}

// Runs `clients` loops until the deadline passes or `count` operations (numbered 0..count-1) are done. With
// `dedicatedThreads` every loop starts on a thread of its own (for operations that complete without waiting).
async Task<PhaseResult> Run(string phase, int clients, TimeSpan duration, int? count, Func<int, Random, Task<bool>> operation,
    bool dedicatedThreads = false)
{
    var recorder = new LatencyRecorder(clients);
    var next = -1;
    var errors = 0;
    var gcAtStart = GcActivity.Now();
    if (allocations is not null)
        allocations.Recording = true;
    var clock = Stopwatch.StartNew();
    var loops = Enumerable.Range(0, clients).Select(client => Task.Factory.StartNew(async () =>
    {
        var random = new Random(client * 7919 + phase.Length);
        while (clock.Elapsed < duration)
        {
            // phases that run for a time do not number their operations (a shared counter costs as much as a local read)
            var i = count is null ? 0 : Interlocked.Increment(ref next);
            if (count is { } total && i >= total)
                return;
            var started = Stopwatch.GetTimestamp();
            if (await operation(i, random))
                recorder.Record(client, started);
            else
                Interlocked.Increment(ref errors);
        }
    }, CancellationToken.None, dedicatedThreads ? TaskCreationOptions.LongRunning : TaskCreationOptions.DenyChildAttach, TaskScheduler.Default).Unwrap()).ToArray();
    await Task.WhenAll(loops);
    if (allocations is not null)
    {
        allocations.Recording = false;
        allocations.Report(Console.Error, phase, recorder.Count());
    }
    return recorder.Summarize(phase, clock.Elapsed, errors, GcActivity.Now().Since(gcAtStart));
}
