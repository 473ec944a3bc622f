using BlocksterV2.Cluster.Hosting;

namespace BlocksterV2.Web.Hosting;

/// <summary>Where a node's settings come from, lowest first: the shipped appsettings.json, the usual ASP.NET Core
/// sources, the command line with its short aliases, and the platform's own variable names.</summary>
public static class NodeConfiguration
{
    /// <summary>
    /// Options are read once at startup. Watching appsettings for changes would watch the whole working directory,
    /// which holds data/&lt;node-name&gt; in Development, and wake a thread on every journal write.
    /// </summary>
    public static string[] HostArguments(string[] args) => ["--hostBuilder:reloadConfigOnChange=false", .. args];

    public static WebApplicationBuilder AddNodeConfiguration(this WebApplicationBuilder builder, string[] args)
    {
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
        builder.Services.Configure<BuxNodeOptions>(builder.Configuration.GetSection(BuxNodeOptions.Section));
        return builder;
    }
}
