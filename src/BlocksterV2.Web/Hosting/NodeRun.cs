using Akka.Actor;
using BlocksterV2.Cluster.Hosting;

namespace BlocksterV2.Web.Hosting;

/// <summary>Runs the node until it stops and turns why it stopped into the process's exit code (<see cref="NodeExit"/>).</summary>
public static class NodeRun
{
    public static void LogStart(this WebApplication app, BuxNodeOptions options, NodeStartup startup)
    {
        foreach (var warning in startup.Warnings)
            app.Logger.LogWarning("{Warning}", warning);
        app.Logger.LogInformation("BUX node {Node} storing {Storage}", options.NodeName ?? "nonode@nohost",
            startup.DataDirectory is { } dir ? $"under {dir}" : "in RAM only");
    }

    public static int RunUntilStopped(this WebApplication app, BuxNodeOptions options)
    {
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
    }
}
