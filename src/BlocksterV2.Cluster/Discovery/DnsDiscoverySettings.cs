using System.Globalization;
using System.Net;
using System.Text;
using Akka.Configuration;
using DnsClient;

namespace BlocksterV2.Cluster.Discovery;

/// <summary>
/// How <see cref="DnsServiceDiscovery"/> asks DNS: which name servers, how long one attempt may wait, how often it
/// is retried, and the remoting port given to targets found through A/AAAA records.
/// </summary>
/// <param name="NameServers">"host:port" IP endpoints ("127.0.0.1:5399", "[::1]:53"; without a port, 53), asked in
/// this order; empty means the machine's resolvers.</param>
public sealed record DnsDiscoverySettings(IReadOnlyList<string> NameServers, TimeSpan QueryTimeout, int Retries, int Port)
{
    private const string ConfigPath = "akka.discovery." + DnsServiceDiscovery.Method;

    // Defaults for a hand-written block; with an Akka cluster-bootstrap style resolve timeout of 3s,
    // 2 attempts x 1s x 1 name server leaves room.
    private static readonly TimeSpan DefaultQueryTimeout = TimeSpan.FromSeconds(1);
    private const int DefaultRetries = 1;

    // Validated both in the constructor (initializer) and in `with` (init accessor).
    public IReadOnlyList<string> NameServers { get; init => field = ValidNameServers(value); } = ValidNameServers(NameServers);

    public TimeSpan QueryTimeout { get; init => field = ValidQueryTimeout(value); } = ValidQueryTimeout(QueryTimeout);

    public int Retries { get; init => field = ValidRetries(value); } = ValidRetries(Retries);

    public int Port { get; init => field = ValidPort(value); } = ValidPort(Port);

    /// <summary>Reads the <c>akka.discovery.bux-dns</c> block.</summary>
    public static DnsDiscoverySettings FromConfig(Config config)
    {
        if (!config.HasPath("port"))
            throw new ConfigurationException($"{ConfigPath}.port is missing: the remoting port given to targets found through A/AAAA records");
        return new DnsDiscoverySettings(
            config.GetStringList("name-servers", []).ToArray(),
            config.GetTimeSpan("query-timeout", DefaultQueryTimeout, allowInfinite: false),
            config.GetInt("retries", DefaultRetries),
            config.GetInt("port"));
    }

    /// <summary>The complete <c>akka.discovery</c> block that makes this the default discovery method.</summary>
    public string ToHocon() => Hosting.BuxHocon.Discovery(this);

    /// <summary>
    /// Null when every attempt on every name server fits in <paramref name="resolveTimeout"/>; otherwise one line
    /// telling the operator what to change, in words (the caller names its own configuration keys). A lookup never overruns anyway (it shortens the attempts), but then the
    /// configured query-timeout is not what is used.
    /// </summary>
    public string? CheckFits(TimeSpan resolveTimeout)
    {
        var servers = ResolveNameServers().Count;
        var attempts = Retries + 1;
        var worstCase = QueryTimeout * attempts * servers;
        if (worstCase <= resolveTimeout)
            return null;
        var fittingQueryTimeout = resolveTimeout / (attempts * servers);
        var serverWord = servers == 1 ? "name server" : "name servers";
        return $"a DNS lookup may wait {Seconds(worstCase)} ({attempts} attempts x {Seconds(QueryTimeout)} x {servers} {serverWord}) " +
               $"but must finish within {Seconds(resolveTimeout)}: set the query timeout to at most " +
               $"{fittingQueryTimeout.TotalMilliseconds:0}ms, lower the retries, or raise the resolve timeout";
    }

    public bool Equals(DnsDiscoverySettings? other) =>
        other is not null
        && NameServers.SequenceEqual(other.NameServers)
        && QueryTimeout == other.QueryTimeout
        && Retries == other.Retries
        && Port == other.Port;

    public override int GetHashCode() => HashCode.Combine(NameServers.Count, QueryTimeout, Retries, Port);

    // The generated ToString would print the name servers as "System.String[]".
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"NameServers = [{string.Join(", ", NameServers)}], QueryTimeout = {Seconds(QueryTimeout)}, Retries = {Retries}, Port = {Port}");
        return true;
    }

    /// <summary>The servers a lookup asks now, in order; read afresh so a changed resolv.conf is followed.</summary>
    internal IReadOnlyList<NameServer> ResolveNameServers() =>
        NameServers.Count > 0
            ? NameServers.Select(server => new NameServer(ParseEndPoint(server))).ToArray()
            : NameServer.ResolveNameServers(skipIPv6SiteLocal: true, fallbackToGooglePublicDns: false).ToArray();

    internal static string Seconds(TimeSpan duration) =>
        duration.TotalSeconds.ToString("0.0##", CultureInfo.InvariantCulture) + "s";

    private static IPEndPoint ParseEndPoint(string server)
    {
        var endPoint = IPEndPoint.Parse(server);
        return endPoint.Port == 0 ? new IPEndPoint(endPoint.Address, NameServer.DefaultPort) : endPoint;
    }

    private static IReadOnlyList<string> ValidNameServers(IReadOnlyList<string> nameServers)
    {
        foreach (var server in nameServers)
        {
            if (!IPEndPoint.TryParse(server, out _))
                throw new ArgumentException(
                    $"name server \"{server}\" is not an IP address with an optional port (\"10.0.0.2:53\", \"[fdaa::3]:53\")",
                    nameof(NameServers));
        }
        return nameServers.ToArray();
    }

    private static TimeSpan ValidQueryTimeout(TimeSpan queryTimeout) =>
        queryTimeout >= TimeSpan.FromMilliseconds(1)
            ? queryTimeout
            : throw new ArgumentOutOfRangeException(nameof(QueryTimeout), queryTimeout, "must be at least 1ms");

    private static int ValidRetries(int retries) =>
        retries >= 0 ? retries : throw new ArgumentOutOfRangeException(nameof(Retries), retries, "must not be negative");

    private static int ValidPort(int port) =>
        port is > 0 and <= IPEndPoint.MaxPort
            ? port
            : throw new ArgumentOutOfRangeException(nameof(Port), port, "must be a TCP port (1-65535)");
}
