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

var json = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
void Emit(object line) => Console.WriteLine(JsonSerializer.Serialize(line, json));

var dataDirectory = options.RamOnly ? null : options.DataDir ?? Path.Combine(Path.GetTempPath(), $"bux-bench-{Guid.NewGuid():N}");
var ownsDataDirectory = options.DataDir is null && dataDirectory is not null;
var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
await using var target = options.Mode == "inproc"
    ? (IBenchTarget)await InProcTarget.Start(dataDirectory)
    : await HttpTarget.Start(options.Url, dataDirectory, options.Clients);
Console.Error.WriteLine($"bench: {options.Mode} node ready ({(dataDirectory is null ? "RAM only" : dataDirectory)}); preloading {options.Users} users");

string UserId(int i) => $"bench-user-{i}";

var preload = await Run("preload", options.Clients, TimeSpan.MaxValue, options.Users, (i, _) => target.Credit(UserId(i), 1000));
Emit(preload);
if (options.Mode == "inproc")
{
    var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
    Emit(new { Phase = "memory", Entities = options.Users, BytesPerEntity = (heapAfter - heapBefore) / options.Users, HeapBytes = heapAfter });
}

var duration = TimeSpan.FromSeconds(options.Seconds);
Emit(await Run("credit_txn", options.Clients, duration, null, (_, random) => target.Credit(UserId(random.Next(options.Users)), 1)));
Emit(await Run("read_txn", options.Clients, duration, null, (_, random) => target.Read(UserId(random.Next(options.Users)))));

using var self = Process.GetCurrentProcess();
Emit(new { Phase = "process", Mode = options.Mode, PeakWorkingSetBytes = self.PeakWorkingSet64, Users = options.Users, Clients = options.Clients });

if (ownsDataDirectory)
    Directory.Delete(dataDirectory!, recursive: true);
return 0;

// Runs `clients` loops until the deadline passes or `count` operations (numbered 0..count-1) are done.
static async Task<PhaseResult> Run(string phase, int clients, TimeSpan duration, int? count, Func<int, Random, Task<bool>> operation)
{
    var recorder = new LatencyRecorder(clients);
    var next = -1;
    var errors = 0;
    var gcAtStart = GcActivity.Now();
    var clock = Stopwatch.StartNew();
    var loops = Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
    {
        var random = new Random(client * 7919 + phase.Length);
        while (clock.Elapsed < duration)
        {
            var i = Interlocked.Increment(ref next);
            if (count is { } total && i >= total)
                return;
            var started = Stopwatch.GetTimestamp();
            if (await operation(i, random))
                recorder.Record(client, started);
            else
                Interlocked.Increment(ref errors);
        }
    })).ToArray();
    await Task.WhenAll(loops);
    return recorder.Summarize(phase, clock.Elapsed, errors, GcActivity.Now().Since(gcAtStart));
}
