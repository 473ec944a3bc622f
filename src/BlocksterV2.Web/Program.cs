using Akka.Actor;
using Akka.Hosting;
using BlocksterV2.Cluster.Hosting;
using BlocksterV2.Cluster.Leaderboard;
using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Web;
using BlocksterV2.Web.Api;
using BlocksterV2.Web.Api.Reference;
using BlocksterV2.Web.Logging;
using BlocksterV2.Web.Pages;

// Options are read once at startup. Watching appsettings for changes would watch the whole working directory,
// which holds data/<node-name> in Development, and wake a thread on every journal write.
var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
// `dotnet run` starts the node in the caller's directory (the data directory is relative to it), so the
// defaults shipped next to the binary are loaded first and everything else still overrides them.
var shippedDefaults = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
{
    Path = Path.Combine(AppContext.BaseDirectory, "appsettings.json"),
    Optional = true,
};
shippedDefaults.ResolveFileProvider();
builder.Configuration.Sources.Insert(0, shippedDefaults);
builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
{
    ["--sname"] = "Bux:NodeName",
    ["--data-dir"] = "Bux:DataDirectory",
    ["--join"] = "Bux:SeedNodes:0",
    ["--remoting-port"] = "Bux:RemotingPort",
    ["--pbm-port"] = "Bux:Pbm:Port",
});
// The platform's names for what the node calls Bux:Discovery:ServiceName and Bux:PublicHostname (Fly sets both).
builder.Configuration.AddInMemoryCollection(PlatformSettings.Map(builder.Configuration));
if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
{
    var host = builder.Environment.IsProduction() ? "0.0.0.0" : "127.0.0.1";
    builder.WebHost.UseUrls($"http://{host}:{builder.Configuration["PORT"] ?? "4000"}");
}

var section = builder.Configuration.GetSection(BuxNodeOptions.Section);
builder.Services.Configure<BuxNodeOptions>(section);
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);

NodeStartup startup;
BuxNodeOptions options;
LogFormat logFormat;
try
{
    logFormat = ConsoleLogFormat.Apply(builder.Logging, builder.Configuration);
    options = NodeStartup.Bind(section);
    startup = NodeStartup.Prepare(options, builder.Environment);
}
catch (StartupRefusedException refused)
{
    Console.Error.WriteLine(refused.Message);
    return 1;
}

if (startup.Lock is { } dataDirectoryLock)
    builder.Services.AddSingleton(dataDirectoryLock); // held until the host is disposed: the process's whole life
var readiness = new NodeReadiness();
builder.Services.AddSingleton(readiness);
var leaderboard = new LeaderboardView(options.Leaderboard.Size);
builder.Services.AddSingleton(leaderboard);
builder.Services.AddSingleton(services => NodeTables.For(services.GetRequiredService<ActorSystem>()));
builder.Services.AddSingleton<EntityAsk>();
builder.Services.AddSingleton<ApiKeyCheck>();
builder.Services.AddExceptionHandler<BadRequestHandler>();
builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = RouteGuardMiddleware.ExplainTooLarge);
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.ConfigureHttpJsonOptions(json => StrictJson.Apply(json.SerializerOptions));
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = StrictJson.MaxRequestBodyBytes);
builder.Services.AddBuxOpenApi();
builder.Services.AddAkka("blockster", akka => akka
    .AddSetup(new AkkaLogSetup(logFormat))
    .ConfigureLoggers(loggers =>
    {
        loggers.ClearLoggers();
        loggers.AddLogger<AkkaLogForwarder>();
    })
    .WithBuxStore(options, startup.ConnectionString, readiness, leaderboard));

var app = builder.Build();
foreach (var warning in startup.Warnings)
    app.Logger.LogWarning("{Warning}", warning);
app.Logger.LogInformation("BUX node {Node} storing {Storage}", options.NodeName ?? "nonode@nohost",
    startup.DataDirectory is { } dir ? $"under {dir}" : "in RAM only");

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRouting();
app.UseMiddleware<RouteGuardMiddleware>();
app.MapApiReference();
app.MapHealthEndpoints();
app.MapUserEndpoints();
app.MapPostEndpoints();
app.MapTableEndpoints();
app.MapLeaderboardEndpoints();
app.MapClusterEndpoints();
app.MapLeaderboardStreamEndpoints();
app.MapLeaderboardPage();
CoordinatedShutdown.Reason? shutdownReason = null;
// after every hosted service stopped (the actor system included), before the container is disposed
app.Lifetime.ApplicationStopped.Register(() =>
    shutdownReason = CoordinatedShutdown.Get(app.Services.GetRequiredService<ActorSystem>()).ShutdownReason);
try
{
    app.Run();
}
catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
{
    // Kestrel binds after the actor system started: say it in one line and leave at once, as any refused start
    Console.Error.WriteLine($"Refusing to start: {e.Message.TrimEnd('.')}; another process holds the port. Stop it, or set PORT (or ASPNETCORE_URLS) to a free one.");
    Environment.Exit(NodeExit.StartupRefused);
}

var (exitCode, why) = NodeExit.For(shutdownReason);
if (exitCode == NodeExit.Clean)
    app.Logger.LogInformation("Node {Node} {Why}", options.NodeName ?? "nonode@nohost", why);
else
    app.Logger.LogError("Node {Node}: {Why}", options.NodeName ?? "nonode@nohost", why);
return exitCode;

/// <summary>Entry point type, visible to WebApplicationFactory in the specs.</summary>
public partial class Program
{
    /// <summary>
    /// Room for Akka's coordinated shutdown (hand shards off, leave) after SIGTERM; fly.toml's kill_timeout is longer.
    /// </summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(60);
}
