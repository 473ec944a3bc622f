using BlocksterV2.Cluster.Entities;
using Akka.Actor;
using Akka.Hosting;
using BlocksterV2.Cluster.Hosting;
using BlocksterV2.Cluster.Inspection;
using BlocksterV2.Cluster.Leaderboard;
using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Cluster.Persistence;
using BlocksterV2.Cluster.Replication;
using BlocksterV2.Cluster.Sharding;
using BlocksterV2.Domain.Users;
using BlocksterV2.Web.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BlocksterV2.Benchmarks;

/// <summary>A whole BUX node in this process; operations are entity asks through the shard region.</summary>
public sealed class InProcTarget : IBenchTarget
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    private readonly IHost _host;
    private readonly IActorRef _users;

    private InProcTarget(IHost host, IActorRef users, NodeTables tables, LeaderboardView leaderboard, ResidentEntities resident)
    {
        _host = host;
        _users = users;
        Tables = tables;
        Leaderboard = leaderboard;
        Resident = resident;
    }

    /// <summary>How many entities the node keeps resident, and the passivations that keep it under its limit.</summary>
    public ResidentEntities Resident { get; }

    /// <summary>The node's local tables (Mnesia's RAM copies).</summary>
    public NodeTables Tables { get; }

    /// <summary>The node's cached, sorted leaderboard, as the node's API reads it.</summary>
    public LeaderboardView Leaderboard { get; }

    /// <param name="seed">Where this node listens when other node processes are to join it (<c>--nodes</c> above 1); null: any port, alone.</param>
    public static async Task<InProcTarget> Start(string? dataDirectory, (string Ip, int Port)? seed = null, Consistency consistency = Consistency.All,
        int? maxResident = null)
    {
        var options = new BuxNodeOptions
        {
            NodeName = dataDirectory is null ? null : "bench",
            RemotingHostname = seed?.Ip ?? "127.0.0.1",
            RemotingPort = seed?.Port ?? 0,
            Replication = new ReplicationOptions { Consistency = consistency },
            Pbm = new PbmOptions { Enabled = false },
            // only the resident limit passivates during a run, never idleness
            PassivateIdleAfter = TimeSpan.FromHours(1),
        };
        if (maxResident is { } limit)
            options.Entities.MaxResident = limit;
        var connectionString = dataDirectory is null ? null : SqlitePersistence.Prepare(dataDirectory);
        var readiness = new NodeReadiness();
        var leaderboard = new LeaderboardView(options.Leaderboard.Size);
        // content root outside the data directory: no file watcher wakes up on journal writes
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        // stdout carries only the JSON lines
        builder.Logging.ClearProviders().AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter((_, level) => level >= LogLevel.Warning);
        // the same system name as the nodes: --nodes makes node processes join this one
        builder.Services.AddAkka("blockster", akka => akka
            .ConfigureLoggers(l => l.LogLevel = Akka.Event.LogLevel.WarningLevel)
            .WithBuxStore(options, connectionString, readiness, leaderboard)
            .AddHocon(Environment.GetEnvironmentVariable("BUX_EXTRA_HOCON") ?? "", HoconAddMode.Prepend));
        var host = builder.Build();
        await host.StartAsync();
        await Eventually.True(() => readiness.IsReady, TimeSpan.FromSeconds(30), "the benchmark node to become ready");
        var users = host.Services.GetRequiredService<ActorRegistry>().Get<UserBuxRegion>();
        var tables = NodeTables.For(host.Services.GetRequiredService<ActorSystem>());
        return new InProcTarget(host, users, tables, leaderboard, ResidentEntities.For(host.Services.GetRequiredService<ActorSystem>()));
    }

    public async Task<bool> Credit(string userId, long amount) =>
        await _users.Ask<object>(new CreditUser(userId, amount, "bench", null), AskTimeout) is UserBuxPoints;

    public async Task<bool> Read(string userId) =>
        await _users.Ask<object>(new GetUser(userId), AskTimeout) is UserBuxPoints;

    /// <summary>The dirty read as the API's <c>consistency=local</c> answers it: the row, materialized to the record.</summary>
    public Task<bool> ReadDirty(string userId) =>
        Task.FromResult(Tables.Users.Get(userId)?.ToRecord() is { } record && Sink(record));

    /// <summary>The leaderboard API's page, built from the cached snapshot (without the JSON).</summary>
    public Task<bool> Top(int n) => Task.FromResult(LeaderboardPage.From(Leaderboard.Current, n) is { } page && Sink(page) && page.Entries.Count == n);

    /// <summary>Keeps what a read materialized from being optimized away (it escapes into a call the JIT does not inline).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static bool Sink(object value) => value is not null;

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
