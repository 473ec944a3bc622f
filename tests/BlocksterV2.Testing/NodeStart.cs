using System.Diagnostics;

namespace BlocksterV2.Testing;

/// <summary>How to start a node process (BlocksterV2.Web.dll beside the running assembly).</summary>
/// <param name="WorkingDirectory">Where the node runs; a named node keeps its data below it unless told otherwise.</param>
public sealed record NodeStart(string WorkingDirectory)
{
    /// <summary><c>--sname</c>; null: RAM-only.</summary>
    public string? NodeName { get; init; }

    /// <summary>Null: <see cref="NodeEndpoint.Loopback"/>.</summary>
    public NodeEndpoint? Endpoint { get; init; }

    /// <summary>Command-line arguments after the node name, e.g. <c>--join host:port</c>.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Settings (environment variables) on top of the launcher's own; these win.</summary>
    public IEnumerable<KeyValuePair<string, string>>? Environment { get; init; }

    /// <summary>How many of the last output lines to keep; null: every line (specs show them all on failure).</summary>
    public int? KeepLines { get; init; }

    /// <summary>Called with every line the node writes to stderr, as it comes (the benchmark echoes them).</summary>
    public Action<string>? ErrorLine { get; init; }

    /// <summary>Connections the node's <see cref="NodeProcess.Http"/> client may open at once; null: the default.</summary>
    public int? MaxConnections { get; init; }

    public TimeSpan HttpTimeout { get; init; } = TimeSpan.FromSeconds(15);

    internal ProcessStartInfo StartInfo(NodeEndpoint endpoint)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "BlocksterV2.Web.dll"));
        if (NodeName is not null)
        {
            start.ArgumentList.Add("--sname");
            start.ArgumentList.Add(NodeName);
        }
        foreach (var argument in Arguments)
            start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_URLS"] = endpoint.HttpAddress.ToString().TrimEnd('/');
        start.Environment["Bux__RemotingHostname"] = endpoint.Ip;
        start.Environment["Bux__RemotingPort"] = endpoint.RemotingPort.ToString();
        start.Environment["Bux__Pbm__Host"] = endpoint.Ip;
        start.Environment["Bux__Pbm__Port"] = endpoint.PbmPort.ToString();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in Environment ?? [])
            start.Environment[key] = value;
        return start;
    }

    internal HttpClient HttpClient(NodeEndpoint endpoint)
    {
        var handler = MaxConnections is { } connections
            // one pool for the whole run: a benchmark's clients must not pay for new connections midway
            ? new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan }
            : new SocketsHttpHandler();
        return new HttpClient(handler) { BaseAddress = endpoint.HttpAddress, Timeout = HttpTimeout };
    }
}
