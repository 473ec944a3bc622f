namespace BlocksterV2.Cluster.Hosting;

/// <summary>Where a node keeps its data, as the Elixir service this store replaces decided it.</summary>
public static class DataDirectories
{
    /// <summary>The Fly.io volume. Static on purpose: a path containing the machine id would be lost on every redeploy.</summary>
    public const string Production = "/data/blockster";

    public static string Resolve(BuxNodeOptions options, bool isProduction, string workingDirectory)
    {
        if (!string.IsNullOrWhiteSpace(options.DataDirectory))
            return Path.GetFullPath(options.DataDirectory, workingDirectory);
        return isProduction ? Production : Path.Combine(workingDirectory, "data", options.NodeName!);
    }
}
