using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Configuration;
using Akka.Discovery;
using Akka.Event;
using BlocksterV2.Cluster.Discovery;

namespace BlocksterV2.Node.Tests.Dns;

// How long a lookup takes is measured here, so these specs run alone, after the parallel ones: on two cores, the
// node processes other specs start delay the moment a deadline's continuation runs.
[Collection(TimingCollection.Name)]
public sealed class DnsDiscoverySpecs
{
    private const int RemotingPort = 4053;
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(3);
    // What a lookup may overrun its resolve timeout by: the deadline firing, and the exception reaching the caller.
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(250);
    // What a timed wait may end early by: .NET timers run on a coarse clock (4ms ticks on Linux).
    private static readonly TimeSpan Early = TimeSpan.FromMilliseconds(50);

    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class TimingCollection
    {
        public const string Name = "dns-timing";
    }

    // The test host keeps pool threads blocked (two of three when these specs start on two cores). A deadline fires
    // through a timer callback on the pool, which then waits ~0.5s for the pool to grow, and that would be measured
    // as the lookup's overrun.
    static DnsDiscoverySpecs()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), completionPorts);
    }

    [Fact]
    public async Task A_records_resolve_to_their_addresses_on_the_configured_remoting_port()
    {
        await using var dns = await Dnsmasq.Start();
        await dns.SetHosts("blockster.test", "127.0.0.3", "127.0.0.2");

        var resolved = await DiscoveryAsking(dns.NameServer).Lookup(new Lookup("blockster.test"), ResolveTimeout);

        Assert.Equal([("127.0.0.2", RemotingPort), ("127.0.0.3", RemotingPort)], HostsAndPorts(resolved));
        Assert.Equal([IPAddress.Parse("127.0.0.2"), IPAddress.Parse("127.0.0.3")], resolved.Addresses.Select(target => target.Address));
    }

    [Fact]
    public async Task AAAA_records_resolve_to_hosts_in_brackets_as_Akka_Remote_writes_them()
    {
        await using var dns = await Dnsmasq.Start();
        await dns.SetHosts("blockster.test", "fd00::2", "::1");

        var resolved = await DiscoveryAsking(dns.NameServer).Lookup(new Lookup("blockster.test"), ResolveTimeout);

        Assert.Equal([("[::1]", RemotingPort), ("[fd00::2]", RemotingPort)], HostsAndPorts(resolved));
        Assert.Equal([IPAddress.IPv6Loopback, IPAddress.Parse("fd00::2")], resolved.Addresses.Select(target => target.Address));
    }

    [Fact]
    public async Task A_and_AAAA_records_of_one_name_resolve_together()
    {
        await using var dns = await Dnsmasq.Start();
        await dns.SetHosts("blockster.test", "::1", "127.0.0.2");

        var resolved = await DiscoveryAsking(dns.NameServer).Lookup(new Lookup("blockster.test"), ResolveTimeout);

        Assert.Equal([("127.0.0.2", RemotingPort), ("[::1]", RemotingPort)], HostsAndPorts(resolved));
    }

    [Theory]
    [InlineData("blockster.test", "akka", "tcp")]
    [InlineData("_akka._tcp.blockster.test", null, null)]
    public async Task SRV_records_resolve_to_their_targets_on_their_own_ports(string serviceName, string? portName, string? protocol)
    {
        await using var dns = await Dnsmasq.Start(
            new Dnsmasq.Srv("_akka._tcp.blockster.test", "node-1.blockster.test", 4053),
            new Dnsmasq.Srv("_akka._tcp.blockster.test", "node-2.blockster.test", 4054),
            // An alias target comes without addresses in the additional section, so discovery must ask for them.
            new Dnsmasq.Srv("_akka._tcp.blockster.test", "alias.blockster.test", 4055),
            new Dnsmasq.Cname("alias.blockster.test", "node-3.blockster.test"));
        await dns.SetHosts("node-1.blockster.test", "127.0.0.2");
        await dns.SetHosts("node-2.blockster.test", "127.0.0.3", "fd00::3");
        await dns.SetHosts("node-3.blockster.test", "127.0.0.4");

        var resolved = await DiscoveryAsking(dns.NameServer).Lookup(new Lookup(serviceName, portName, protocol), ResolveTimeout);

        Assert.Equal([("127.0.0.2", 4053), ("127.0.0.3", 4054), ("127.0.0.4", 4055), ("[fd00::3]", 4054)], HostsAndPorts(resolved));
    }

    [Theory]
    [InlineData("missing.blockster.test")]
    [InlineData("_akka._tcp.missing.blockster.test")]
    public async Task A_name_that_does_not_exist_resolves_to_no_addresses(string serviceName)
    {
        await using var dns = await Dnsmasq.Start();
        await dns.SetHosts("blockster.test", "127.0.0.2");

        var resolved = await DiscoveryAsking(dns.NameServer).Lookup(new Lookup(serviceName), ResolveTimeout);

        Assert.Equal(serviceName, resolved.ServiceName);
        Assert.Empty(resolved.Addresses);
    }

    [Fact]
    public async Task An_answer_that_changes_is_seen_at_the_next_lookup()
    {
        await using var dns = await Dnsmasq.Start();
        var discovery = DiscoveryAsking(dns.NameServer);

        await dns.SetHosts("blockster.test", "127.0.0.2");
        var before = await discovery.Lookup(new Lookup("blockster.test"), ResolveTimeout);
        await dns.SetHosts("blockster.test", "127.0.0.3", "127.0.0.4");
        var after = await discovery.Lookup(new Lookup("blockster.test"), ResolveTimeout);
        await dns.SetHosts("blockster.test");
        var gone = await discovery.Lookup(new Lookup("blockster.test"), ResolveTimeout);

        Assert.Equal([("127.0.0.2", RemotingPort)], HostsAndPorts(before));
        Assert.Equal([("127.0.0.3", RemotingPort), ("127.0.0.4", RemotingPort)], HostsAndPorts(after));
        Assert.Empty(gone.Addresses);
    }

    [Fact]
    public async Task A_silent_name_server_fails_the_lookup_once_its_attempts_are_spent()
    {
        using var silent = new SilentNameServer();
        var settings = new DnsDiscoverySettings([silent.NameServer], TimeSpan.FromMilliseconds(200), Retries: 1, RemotingPort);
        var discovery = new DnsServiceDiscovery(settings, NoLogger.Instance);

        var stopwatch = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<DnsDiscoveryException>(() => discovery.Lookup(new Lookup("blockster.test"), ResolveTimeout));
        var elapsed = stopwatch.Elapsed;

        Assert.InRange(elapsed, TimeSpan.FromMilliseconds(400) - Early, TimeSpan.FromMilliseconds(400) + Slack);
        Assert.StartsWith($"DNS lookup of blockster.test got no answer from {silent.NameServer} within 0.", failure.Message);
        Assert.EndsWith("(2 attempts of 0.2s)", failure.Message);
        // A and AAAA, each asked twice.
        await silent.AssertReceived(4);
    }

    [Fact]
    public async Task Attempts_longer_than_the_resolve_timeout_allows_are_shortened_to_fit()
    {
        using var silent = new SilentNameServer();
        var settings = new DnsDiscoverySettings([silent.NameServer], TimeSpan.FromSeconds(5), Retries: 2, RemotingPort);
        var discovery = new DnsServiceDiscovery(settings, NoLogger.Instance);
        var resolveTimeout = TimeSpan.FromSeconds(1.5);

        var stopwatch = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<DnsDiscoveryException>(() => discovery.Lookup(new Lookup("blockster.test"), resolveTimeout));
        var elapsed = stopwatch.Elapsed;

        // All three attempts were made, in 0.5s each rather than the configured 5s.
        Assert.InRange(elapsed, resolveTimeout - Early, resolveTimeout + Slack);
        Assert.StartsWith($"DNS lookup of blockster.test got no answer from {silent.NameServer} within 1.", failure.Message);
        // 1.5s / 3, less what the lookup spent before its first query.
        Assert.Matches(@"\(3 attempts of 0\.(5|49\d)s\)$", failure.Message);
        await silent.AssertReceived(6);
    }

    [Fact]
    public async Task A_silent_first_name_server_is_passed_over_for_the_next_within_the_resolve_timeout()
    {
        using var silent = new SilentNameServer();
        await using var dns = await Dnsmasq.Start();
        await dns.SetHosts("blockster.test", "127.0.0.2");
        var settings = new DnsDiscoverySettings([silent.NameServer, dns.NameServer], TimeSpan.FromMilliseconds(300), Retries: 1, RemotingPort);
        var discovery = new DnsServiceDiscovery(settings, NoLogger.Instance);

        var stopwatch = Stopwatch.StartNew();
        var resolved = await discovery.Lookup(new Lookup("blockster.test"), ResolveTimeout);
        var elapsed = stopwatch.Elapsed;

        Assert.Equal([("127.0.0.2", RemotingPort)], HostsAndPorts(resolved));
        // Two attempts of 0.3s on the silent server first, then the answer.
        Assert.InRange(elapsed, TimeSpan.FromMilliseconds(600) - Early, ResolveTimeout);
        await silent.AssertReceived(4);
    }

    [Fact]
    public async Task A_name_server_that_refuses_fails_the_lookup_with_the_reason()
    {
        await using var dns = await Dnsmasq.Start();

        // dnsmasq has no upstream, so it refuses names outside .test.
        var failure = await Assert.ThrowsAsync<DnsDiscoveryException>(() =>
            DiscoveryAsking(dns.NameServer).Lookup(new Lookup("blockster.example"), ResolveTimeout));

        Assert.Contains($"{dns.NameServer} answered", failure.Message);
        Assert.Contains("Refused", failure.Message);
    }

    [Fact]
    public void Settings_whose_attempts_cannot_fit_the_resolve_timeout_are_refused_with_what_to_change()
    {
        var settings = new DnsDiscoverySettings(["10.0.0.2:53", "[fdaa::3]:53"], TimeSpan.FromSeconds(1), Retries: 1, RemotingPort);

        var refusal = settings.CheckFits(TimeSpan.FromSeconds(3));

        Assert.Equal(
            "a DNS lookup may wait 4.0s (2 attempts x 1.0s x 2 name servers) but must finish within 3.0s: " +
            "set the query timeout to at most 750ms, lower the retries, or raise the resolve timeout",
            refusal);
        Assert.Null(settings.CheckFits(TimeSpan.FromSeconds(4)));
    }

    [Theory]
    [InlineData("dns.internal:53")]
    [InlineData("10.0.0.2:53000000")]
    public void A_name_server_that_is_not_an_IP_endpoint_is_refused(string nameServer)
    {
        var refusal = Assert.Throws<ArgumentException>(() =>
            new DnsDiscoverySettings([nameServer], TimeSpan.FromSeconds(1), Retries: 1, RemotingPort));

        Assert.Contains($"\"{nameServer}\"", refusal.Message);
    }

    [Fact]
    public void Settings_survive_a_trip_through_their_HOCON()
    {
        var settings = new DnsDiscoverySettings(["127.0.0.1:5399", "[::1]:53"], TimeSpan.FromMilliseconds(750), Retries: 2, RemotingPort);

        var config = ConfigurationFactory.ParseString(settings.ToHocon());

        Assert.Equal(DnsServiceDiscovery.Method, config.GetString("akka.discovery.method"));
        Assert.Equal(settings, DnsDiscoverySettings.FromConfig(config.GetConfig("akka.discovery.bux-dns")));
    }

    [Fact]
    public void A_block_with_only_the_port_asks_the_machine_resolvers_with_default_timing()
    {
        var settings = DnsDiscoverySettings.FromConfig(ConfigurationFactory.ParseString("port = 4053"));

        Assert.Equal(new DnsDiscoverySettings([], TimeSpan.FromSeconds(1), Retries: 1, RemotingPort), settings);
    }

    [Fact]
    public void A_block_without_the_port_is_refused_naming_the_setting()
    {
        var refusal = Assert.Throws<ConfigurationException>(() =>
            DnsDiscoverySettings.FromConfig(ConfigurationFactory.ParseString("query-timeout = 1s")));

        Assert.StartsWith("akka.discovery.bux-dns.port is missing", refusal.Message);
    }

    [Fact]
    public void Settings_print_their_name_servers_for_the_log()
    {
        var settings = new DnsDiscoverySettings(["127.0.0.1:5399", "[::1]:53"], TimeSpan.FromMilliseconds(750), Retries: 2, RemotingPort);

        Assert.Equal("DnsDiscoverySettings { NameServers = [127.0.0.1:5399, [::1]:53], QueryTimeout = 0.75s, Retries = 2, Port = 4053 }",
            settings.ToString());
    }

    [Fact]
    public async Task Akka_Discovery_loads_it_as_the_default_method_from_the_settings_HOCON()
    {
        await using var dns = await Dnsmasq.Start();
        await dns.SetHosts("blockster.test", "127.0.0.2", "::1");
        var settings = new DnsDiscoverySettings([dns.NameServer], TimeSpan.FromMilliseconds(500), Retries: 1, RemotingPort);
        var system = ActorSystem.Create("dns-discovery-spec", ConfigurationFactory.ParseString(settings.ToHocon()));
        try
        {
            var discovery = Akka.Discovery.Discovery.Get(system).Default;

            var resolved = await discovery.Lookup("blockster.test", ResolveTimeout);

            Assert.IsType<DnsServiceDiscovery>(discovery);
            Assert.Equal([("127.0.0.2", RemotingPort), ("[::1]", RemotingPort)], HostsAndPorts(resolved));
        }
        finally
        {
            await system.Terminate();
        }
    }

    private static DnsServiceDiscovery DiscoveryAsking(string nameServer) =>
        new(new DnsDiscoverySettings([nameServer], TimeSpan.FromMilliseconds(500), Retries: 1, RemotingPort), NoLogger.Instance);

    private static List<(string Host, int? Port)> HostsAndPorts(ServiceDiscovery.Resolved resolved) =>
        resolved.Addresses.Select(target => (target.Host, target.Port)).ToList();

    /// <summary>A UDP socket on loopback that reads queries and never answers them.</summary>
    private sealed class SilentNameServer : IDisposable
    {
        private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
        private int _received;

        public SilentNameServer() => _ = ReadUntilDisposed();

        public string NameServer => _socket.Client.LocalEndPoint!.ToString()!;

        public async Task AssertReceived(int queries)
        {
            await Eventually.True(() => Task.FromResult(Volatile.Read(ref _received) >= queries), TimeSpan.FromSeconds(5),
                $"the silent name server to receive {queries} queries");
            Assert.Equal(queries, Volatile.Read(ref _received));
        }

        public void Dispose() => _socket.Dispose();

        private async Task ReadUntilDisposed()
        {
            try
            {
                while (true)
                {
                    await _socket.ReceiveAsync();
                    Interlocked.Increment(ref _received);
                }
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
                // Disposed at the end of the spec.
            }
        }
    }
}
