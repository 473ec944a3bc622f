using System.Net;
using BlocksterV2.Cluster.Hosting;

namespace BlocksterV2.Cluster.Inspection;

/// <summary>Settings of the node's pbm command host, bound from <c>Bux:Pbm</c>.</summary>
public sealed class PbmOptions
{
    public const int DefaultPort = 9110;

    /// <summary><c>false</c>: no command host (the node cannot be inspected with pbm).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The address the command host binds to. 127.0.0.1: only this machine can connect. In a container set
    /// <c>0.0.0.0</c>, so <c>docker exec</c>, sidecars and pre-stop hooks reach it (and set <see cref="Secret"/>).
    /// </summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Petabridge.Cmd's port; 0 picks a free one (logged at startup).</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>When set, a client must present it (pbm reads <c>PBM_SECRET</c>) or nothing it sends is executed.</summary>
    public string? Secret { get; set; }

    /// <summary>Connections served at once; one more is refused with one line and closed (a flood must not take the node down).</summary>
    public int MaxConnections { get; set; } = 32;

    /// <summary>A client that sends no command for this long after its hello is disconnected.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>True when only this machine can reach the host (a loopback address).</summary>
    public bool LoopbackOnly => IPAddress.TryParse(Host, out var address) && IPAddress.IsLoopback(address);

    /// <summary>Null when the settings are usable, else one line saying what to change.</summary>
    public string? ConfigurationProblem()
    {
        if (!Enabled)
            return null;
        if (!IPAddress.TryParse(Host, out _))
            return $"Bux:Pbm:Host '{Host}' is not an IP address: use 127.0.0.1 (this machine only) or 0.0.0.0 (every interface, in containers)";
        if (Port is < 0 or > 65535)
            return $"Bux:Pbm:Port {Port} is not a TCP port: use 0-65535 (0 picks a free one; default {DefaultPort})";
        if (MaxConnections is < 1 or > 10_000)
            return $"Bux:Pbm:MaxConnections must be from 1 to 10000 (got {MaxConnections}); the default is 32";
        if (IdleTimeout <= TimeSpan.Zero)
            return $"Bux:Pbm:IdleTimeout must be more than zero (got {IdleTimeout}); the default is 00:05:00";
        return Secrets.Problem("Bux:Pbm:Secret", Secret);
    }
}
