using Akka.Actor;
using Akka.Hosting;
using BlocksterV2.Cluster.Hosting;
using BlocksterV2.Cluster.Leaderboard;
using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Web.Api;
using BlocksterV2.Web.Api.Reference;
using BlocksterV2.Web.Logging;
using BlocksterV2.Web.Pages;

namespace BlocksterV2.Web.Hosting;

/// <summary>What a node runs: the BUX store in Akka.NET, and the HTTP API, page and reference in front of it.</summary>
public static class NodeServices
{
    /// <summary>
    /// Room for Akka's coordinated shutdown (hand shards off, leave) after SIGTERM; fly.toml's kill_timeout is longer.
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(60);

    public static WebApplicationBuilder AddBuxNode(this WebApplicationBuilder builder, BuxNodeOptions options, NodeStartup startup, LogFormat logFormat)
    {
        var services = builder.Services;
        services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        if (startup.Lock is { } dataDirectoryLock)
            services.AddSingleton(dataDirectoryLock); // held until the host is disposed: the process's whole life
        var readiness = new NodeReadiness();
        services.AddSingleton(readiness);
        var leaderboard = new LeaderboardView(options.Leaderboard.Size);
        services.AddSingleton(leaderboard);
        services.AddSingleton(provider => NodeTables.For(provider.GetRequiredService<ActorSystem>()));
        services.AddAkka("blockster", akka => akka
            .AddSetup(new AkkaLogSetup(logFormat))
            .ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLogger<AkkaLogForwarder>();
            })
            .WithBuxStore(options, startup.ConnectionString, readiness, leaderboard));
        return builder;
    }

    /// <summary>Strict JSON, problem details for every refusal, the body cap, the key check and the OpenAPI document.</summary>
    public static WebApplicationBuilder AddHttpApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<EntityAsk>();
        services.AddSingleton<ApiKeyCheck>();
        services.AddExceptionHandler<BadRequestHandler>();
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = RouteGuardMiddleware.ExplainTooLarge);
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(json => StrictJson.Apply(json.SerializerOptions));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = StrictJson.MaxRequestBodyBytes);
        services.AddBuxOpenApi();
        return builder;
    }

    public static WebApplication MapHttpApi(this WebApplication app)
    {
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
        return app;
    }
}
