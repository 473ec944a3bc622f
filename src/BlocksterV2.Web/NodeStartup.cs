using BlocksterV2.Cluster.Formation;
using BlocksterV2.Cluster.Hosting;
using BlocksterV2.Cluster.Persistence;
using BlocksterV2.Domain.Tables;

namespace BlocksterV2.Web;

/// <summary>
/// Decides how this node stores data, as the Elixir service this store replaces did (its MnesiaInitializer): no
/// node name means RAM-only (<c>nonode@nohost</c>); a name means disc copies under the data directory.
/// </summary>
public sealed record NodeStartup(string? DataDirectory, string? ConnectionString, IReadOnlyList<string> Warnings, DataDirectoryLock? Lock = null)
{
    /// <exception cref="StartupRefusedException">A value does not convert (e.g. a number or a duration that is not one).</exception>
    public static BuxNodeOptions Bind(IConfigurationSection section)
    {
        try
        {
            return section.Get<BuxNodeOptions>() ?? new BuxNodeOptions();
        }
        catch (InvalidOperationException e)
        {
            throw new StartupRefusedException($"Refusing to start: {e.Message} Durations are written 00:00:05, lists as Bux__SeedNodes__0=host:port.");
        }
    }

    public static NodeStartup Prepare(BuxNodeOptions options, IHostEnvironment environment)
    {
        if (ClusterFormation.ConfigurationProblem(options) is { } problem)
            throw new StartupRefusedException($"Refusing to start: {problem}.");
        if (options.Pbm.ConfigurationProblem() is { } pbmProblem)
            throw new StartupRefusedException($"Refusing to start: {pbmProblem}.");
        if (options.Leaderboard.ConfigurationProblem() is { } leaderboardProblem)
            throw new StartupRefusedException($"Refusing to start: {leaderboardProblem}.");
        if (options.Replication.ConfigurationProblem() is { } replicationProblem)
            throw new StartupRefusedException($"Refusing to start: {replicationProblem}.");
        if (options.Entities.MaxResident is < 0)
            throw new StartupRefusedException($"Refusing to start: Bux:Entities:MaxResident is {options.Entities.MaxResident}; set a count of entities, or 0 for no limit.");
        if (Secrets.Problem("Bux:ApiKey", options.ApiKey) is { } keyProblem)
            throw new StartupRefusedException($"Refusing to start: {keyProblem}.");
        if (environment.IsProduction() && options.Pbm is { Enabled: true, Secret: null or "", LoopbackOnly: false })
        {
            // whoever reaches the port could leave or down the node
            throw new StartupRefusedException(
                $"Refusing to start in Production with the pbm command host on {options.Pbm.Host} and no secret: set Bux__Pbm__Secret " +
                "(for Fly: fly secrets set Bux__Pbm__Secret=<random secret>), or Bux__Pbm__Host=127.0.0.1, or Bux__Pbm__Enabled=false.");
        }
        var warnings = new List<string>();
        RemotingPortCheck.EnsureFree(options.RemotingHostname, options.RemotingPort);
        if (environment.IsProduction() && string.IsNullOrEmpty(options.ApiKey))
        {
            throw new StartupRefusedException(
                "Refusing to start in Production without an API key: set Bux__ApiKey (for Fly: fly secrets set Bux__ApiKey=<random secret>).");
        }
        if (string.IsNullOrEmpty(options.ApiKey))
        {
            warnings.Add("No API key configured: every mutating route is open to anyone who can reach this port. " +
                         "Set Bux__ApiKey=<secret> (required in Production).");
        }

        if (options.Storage == StorageMode.RamCopies)
        {
            warnings.Add("Node started without a name (nonode@nohost): running RAM-only with an in-memory journal. " +
                         "All BUX data is LOST when this process stops.");
            warnings.Add("To keep data, start the node with a name, e.g. `dotnet run --project src/BlocksterV2.Web -- --sname node1` " +
                         "(data under data/node1/ in Development, /data/blockster in Production).");
            return new NodeStartup(null, null, warnings);
        }

        var directory = DataDirectories.Resolve(options, environment.IsProduction(), Directory.GetCurrentDirectory());
        var held = DataDirectoryLock.Acquire(directory);
        try
        {
            return new NodeStartup(directory, SqlitePersistence.Prepare(directory), warnings, held);
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }
}

/// <summary>The node cannot start with this configuration; the message says what to change.</summary>
public sealed class StartupRefusedException(string message) : Exception(message);
