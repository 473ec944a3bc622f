using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Configuration;
using Akka.Discovery;
using Akka.Event;
using DnsClient;
using DnsClient.Protocol;

namespace BlocksterV2.Cluster.Discovery;

/// <summary>
/// Akka.Discovery method <c>bux-dns</c>: finds cluster contact points in DNS with DnsClient. A plain name gives one
/// target per A/AAAA address on the configured remoting port; an SRV name (<c>_akka._tcp.name</c>, or a lookup with
/// port name and protocol) gives one target per SRV target address on that record's port. Every lookup asks DNS
/// afresh (no cache), so a changed answer is seen at the next lookup.
/// </summary>
public sealed class DnsServiceDiscovery : ServiceDiscovery
{
    public const string Method = "bux-dns";

    private readonly DnsDiscoverySettings _settings;
    private readonly ILoggingAdapter _log;

    // Only the query methods that take the name servers and options per call are used, so this client's own
    // options and servers never apply.
    private readonly LookupClient _client = new(new LookupClientOptions { AutoResolveNameServers = false, UseCache = false });

    /// <param name="config">The <c>akka.discovery.bux-dns</c> block; Akka.Discovery passes it when it loads the method.</param>
    public DnsServiceDiscovery(ExtendedActorSystem system, Config config)
        : this(DnsDiscoverySettings.FromConfig(config), Akka.Event.Logging.GetLogger(system, typeof(DnsServiceDiscovery)))
    {
    }

    internal DnsServiceDiscovery(DnsDiscoverySettings settings, ILoggingAdapter log)
    {
        _settings = settings;
        _log = log;
    }

    /// <exception cref="DnsDiscoveryException">No name server answered within <paramref name="resolveTimeout"/>, or
    /// one answered with a failure. A name that does not exist resolves to no addresses instead.</exception>
    public override async Task<Resolved> Lookup(Lookup lookup, TimeSpan resolveTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(resolveTimeout, TimeSpan.Zero);
        var srvName = SrvName(lookup);
        var dnsName = srvName ?? lookup.ServiceName;
        var servers = _settings.ResolveNameServers();
        if (servers.Count == 0)
            throw new DnsDiscoveryException(
                $"DNS lookup of {dnsName} has no name server to ask: akka.discovery.{Method}.name-servers is empty and this machine has no resolver configured");

        using var deadline = new CancellationTokenSource(resolveTimeout);
        var run = new LookupRun(_client, _settings, servers, dnsName, resolveTimeout, deadline.Token);
        var targets = srvName is null ? await run.AddressTargets() : await run.SrvTargets();
        var sorted = targets.Distinct().OrderBy(target => target.Host, StringComparer.Ordinal).ThenBy(target => target.Port).ToList();
        _log.Debug("DNS lookup of {0} via [{1}] found [{2}] in {3}",
            dnsName, string.Join(", ", servers), string.Join(", ", sorted.Select(target => $"{target.Host}:{target.Port}")),
            DnsDiscoverySettings.Seconds(run.Elapsed));
        return new Resolved(lookup.ServiceName, sorted);
    }

    private static string? SrvName(Lookup lookup)
    {
        if (lookup.ServiceName.StartsWith('_'))
            return lookup.ServiceName;
        return lookup.PortName is not null && lookup.Protocol is not null
            ? $"_{lookup.PortName}._{lookup.Protocol}.{lookup.ServiceName}"
            : null;
    }

    /// <summary>One lookup: the name servers it asks, and the time it has left.</summary>
    private sealed class LookupRun(
        LookupClient client,
        DnsDiscoverySettings settings,
        IReadOnlyList<NameServer> servers,
        string dnsName,
        TimeSpan resolveTimeout,
        CancellationToken deadline)
    {
        private readonly long _started = Stopwatch.GetTimestamp();

        public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

        public async Task<IEnumerable<ResolvedTarget>> AddressTargets() =>
            (await AddressesOf(dnsName)).Select(address => Target(address, settings.Port));

        public async Task<IEnumerable<ResolvedTarget>> SrvTargets()
        {
            var response = await Query(dnsName, QueryType.SRV);
            // A target of "." means "no such service here" (RFC 2782).
            var records = response.Answers.SrvRecords().Where(record => record.Target.Value != ".");
            var perRecord = await Task.WhenAll(records.Select(async record =>
            {
                var known = response.Additionals.AddressRecords()
                    .Where(address => string.Equals(address.DomainName.Value, record.Target.Value, StringComparison.OrdinalIgnoreCase))
                    .Select(address => address.Address)
                    .ToList();
                var addresses = known.Count > 0 ? known : await AddressesOf(record.Target.Value);
                return addresses.Select(address => Target(address, record.Port));
            }));
            return perRecord.SelectMany(targets => targets);
        }

        private async Task<IReadOnlyList<IPAddress>> AddressesOf(string name)
        {
            var v4 = Query(name, QueryType.A);
            var v6 = Query(name, QueryType.AAAA);
            await Task.WhenAll(v4, v6);
            return v4.Result.Answers.ARecords().Select(record => record.Address)
                .Concat(v6.Result.Answers.AaaaRecords().Select(record => record.Address))
                .ToList();
        }

        /// <summary>The answer to one question; a name that does not exist answers with no records.</summary>
        private async Task<IDnsQueryResponse> Query(string name, QueryType type)
        {
            // Why the per-attempt timeout is derived, from DnsClient 1.8.0's LookupClient.ResolveQueryAsync: it asks
            // the servers one after another, and each server (Retries + 1) times, every attempt bounded by its own
            // Timeout, before giving up with DnsResponseException(ConnectionTimeout). A silent server therefore costs
            // (Retries + 1) x Timeout, and no answer at all costs servers x (Retries + 1) x Timeout. Only timeouts
            // and transient socket errors are retried on the same server; other socket errors move to the next
            // server at once. So Timeout = min(query-timeout, time left / (servers x attempts)) keeps the whole query
            // inside the lookup's deadline. The deadline token still guards what that sum leaves out: the TCP retry
            // of a truncated UDP answer runs the same loop again, and an SRV target missing from the additional
            // section needs a second round of queries after the first.
            var attempts = settings.Retries + 1;
            var perAttempt = Min(settings.QueryTimeout, (resolveTimeout - Elapsed) / (attempts * servers.Count));
            if (perAttempt < TimeSpan.FromMilliseconds(1))
                throw NoAnswer(attempts, perAttempt, innerException: null);

            var options = new DnsQueryOptions
            {
                Timeout = perAttempt,
                Retries = settings.Retries,
                UseCache = false,
                // The first server that answers is believed, as a stub resolver does: with these on, DnsClient would
                // move past an NXDOMAIN or an empty AAAA answer to the next server and, if that one is silent, turn a
                // definite answer into a timeout.
                ContinueOnDnsError = false,
                ContinueOnEmptyResponse = false,
                ThrowDnsErrors = false,
            };
            IDnsQueryResponse response;
            try
            {
                response = await client.QueryServerAsync(servers, new DnsQuestion(name, type), options, deadline);
            }
            catch (Exception e) when (e is OperationCanceledException || e is DnsResponseException { Code: DnsResponseCode.ConnectionTimeout })
            {
                throw NoAnswer(attempts, perAttempt, e);
            }
            catch (DnsResponseException e)
            {
                throw new DnsDiscoveryException(
                    $"DNS lookup of {dnsName} failed asking {string.Join(", ", servers)} for {type} {name}: {(e.InnerException ?? e).Message}", e);
            }

            if (response.HasError && response.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain)
                throw new DnsDiscoveryException(
                    $"DNS lookup of {dnsName} failed: {response.NameServer} answered {type} {name} with {response.Header.ResponseCode} ({response.ErrorMessage})");
            return response;
        }

        private DnsDiscoveryException NoAnswer(int attempts, TimeSpan perAttempt, Exception? innerException)
        {
            var each = servers.Count > 1 ? " each" : "";
            var message = $"DNS lookup of {dnsName} got no answer from {string.Join(", ", servers)} within {DnsDiscoverySettings.Seconds(Elapsed)} " +
                          $"({attempts} attempts{each} of {DnsDiscoverySettings.Seconds(perAttempt)})";
            return innerException is null ? new DnsDiscoveryException(message) : new DnsDiscoveryException(message, innerException);
        }

        private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

        /// <summary>The host written as Akka.Remote writes it in addresses: IPv6 in brackets.</summary>
        private static ResolvedTarget Target(IPAddress address, int port) =>
            new(address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString(), port, address);
    }
}
