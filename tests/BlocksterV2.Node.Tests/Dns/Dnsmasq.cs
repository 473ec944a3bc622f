using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace BlocksterV2.Node.Tests.Dns;

/// <summary>
/// A real dnsmasq on 127.0.0.1 and a free UDP+TCP port: the name server specs point discovery at. Addresses come
/// from <see cref="SetHosts"/> and can change while it runs; SRV and CNAME records are given to <see cref="Start"/>,
/// because dnsmasq reads those only when it starts. An unknown name under <c>.test</c> gets NXDOMAIN; any name
/// elsewhere gets REFUSED (there is no upstream to ask). Killed on dispose.
/// </summary>
/// <example><code>
/// await using var dns = await Dnsmasq.Start(new Dnsmasq.Srv("_akka._tcp.blockster.test", "node-1.blockster.test", 4053));
/// await dns.SetHosts("node-1.blockster.test", "127.0.0.2");
/// // point discovery at dns.NameServer
/// </code></example>
public sealed class Dnsmasq : IAsyncDisposable
{
    private const string InstallHint = "dnsmasq not found: apt-get install dnsmasq-base";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    // dnsmasq started as root drops to user nobody, and re-reads the hosts files as nobody.
    private const UnixFileMode ReadableByAll =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode TraversableByAll = ReadableByAll | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TempDirectory _root;
    private readonly string _hostsDirectory;
    private readonly string _stagingDirectory;
    private readonly LookupClient _client;

    /// <summary>A record dnsmasq reads only at start.</summary>
    public abstract record FixedRecord
    {
        internal abstract string Option { get; }
    }

    /// <param name="Name">The SRV name, e.g. "_akka._tcp.blockster.test".</param>
    public sealed record Srv(string Name, string Target, int Port, int Priority = 0, int Weight = 0) : FixedRecord
    {
        internal override string Option => $"--srv-host={Name},{Target},{Port},{Priority},{Weight}";
    }

    /// <summary>
    /// <paramref name="Alias"/> is a CNAME for <paramref name="Target"/>. dnsmasq puts no addresses in the additional
    /// section for an SRV target that is an alias, so the client must look the target up itself.
    /// </summary>
    public sealed record Cname(string Alias, string Target) : FixedRecord
    {
        internal override string Option => $"--cname={Alias},{Target}";
    }

    private Dnsmasq(string executable, int port, IEnumerable<FixedRecord> records)
    {
        Port = port;
        _root = new TempDirectory();
        _hostsDirectory = Path.Combine(_root.Path, "hosts");
        // Files are written here and renamed into the hosts directory, so dnsmasq never reads half a file.
        _stagingDirectory = Path.Combine(_root.Path, "staging");
        foreach (var directory in new[] { _hostsDirectory, _stagingDirectory })
            Directory.CreateDirectory(directory);
        foreach (var directory in new[] { _root.Path, _hostsDirectory, _stagingDirectory })
            SetMode(directory, TraversableByAll);

        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in Arguments(port, _hostsDirectory, records))
            start.ArgumentList.Add(argument);
        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        _client = new LookupClient(new LookupClientOptions(new IPEndPoint(IPAddress.Loopback, port))
        {
            UseCache = false,
            // Short, because the readiness poll waits this long for each query sent before dnsmasq listens.
            Timeout = TimeSpan.FromMilliseconds(100),
            Retries = 0,
            ThrowDnsErrors = false,
        });
    }

    public int Port { get; }

    /// <summary>"127.0.0.1:port", as discovery's name-servers setting takes it.</summary>
    public string NameServer => $"127.0.0.1:{Port}";

    /// <summary>What dnsmasq logged, every query included; for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Starts dnsmasq and returns once it answers queries.</summary>
    public static async Task<Dnsmasq> Start(params FixedRecord[] records)
    {
        var executable = FindExecutable();
        for (var attempt = 1; ; attempt++)
        {
            var dns = new Dnsmasq(executable, FreePorts.TcpAndUdp(), records);
            try
            {
                await dns.WaitUntilAnswering();
                return dns;
            }
            catch (PortTakenException) when (attempt < 5)
            {
                // Another process took the port between our probe and dnsmasq's bind; pick another.
                await dns.DisposeAsync();
            }
            catch
            {
                await dns.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>
    /// Makes <paramref name="name"/> resolve to exactly <paramref name="addresses"/> (IPv4 as A, IPv6 as AAAA; none
    /// makes it unknown) and returns once dnsmasq answers so.
    /// </summary>
    public async Task SetHosts(string name, params string[] addresses)
    {
        var expected = addresses.Select(IPAddress.Parse).ToHashSet();
        var staged = Path.Combine(_stagingDirectory, name);
        await File.WriteAllLinesAsync(staged, addresses.Select(address => $"{address} {name}"));
        SetMode(staged, ReadableByAll);
        File.Move(staged, Path.Combine(_hostsDirectory, name), overwrite: true);
        await Until(async () => (await AddressesOf(name))?.SetEquals(expected) == true,
            $"dnsmasq to answer {name} with [{string.Join(", ", addresses)}]");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _root.Dispose();
    }

    private static IEnumerable<string> Arguments(int port, string hostsDirectory, IEnumerable<FixedRecord> records)
    {
        string[] arguments =
        [
            "--keep-in-foreground",
            "--conf-file=/dev/null",
            "--no-resolv",
            "--no-hosts",
            "--bind-interfaces",
            "--listen-address=127.0.0.1",
            $"--port={port}",
            "--pid-file=",
            $"--hostsdir={hostsDirectory}",
            "--local=/test/",
            "--log-queries",
            "--log-facility=-",
        ];
        return arguments.Concat(records.Select(record => record.Option));
    }

    private Task WaitUntilAnswering() =>
        Until(async () =>
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync();
                if (Output.Contains("Address already in use", StringComparison.Ordinal))
                    throw new PortTakenException($"dnsmasq could not bind {NameServer}:\n{Output}");
                throw new InvalidOperationException($"dnsmasq exited with code {_process.ExitCode} before it answered:\n{Output}");
            }
            return await Answers("ready.test", QueryType.A) is not null;
        }, $"dnsmasq to answer on {NameServer}");

    /// <summary>The addresses dnsmasq gives <paramref name="name"/>, or null when it did not answer in time.</summary>
    private async Task<HashSet<IPAddress>?> AddressesOf(string name)
    {
        var v4 = await Answers(name, QueryType.A);
        var v6 = await Answers(name, QueryType.AAAA);
        if (v4 is null || v6 is null)
            return null;
        return v4.Concat(v6).OfType<AddressRecord>().Select(record => record.Address).ToHashSet();
    }

    /// <summary>The answer section, or null when dnsmasq did not answer in time.</summary>
    private async Task<IReadOnlyList<DnsResourceRecord>?> Answers(string name, QueryType type)
    {
        try
        {
            return (await _client.QueryAsync(name, type)).Answers;
        }
        catch (DnsResponseException)
        {
            return null;
        }
    }

    private Task Until(Func<Task<bool>> condition, string what) =>
        Eventually.True(condition, Deadline, () => $"{what}; dnsmasq logged:\n{Output}");

    private static void SetMode(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("dnsmasq runs on Linux");
        File.SetUnixFileMode(path, mode);
    }

    private static string FindExecutable()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
                   .Append("/usr/sbin")
                   .Select(directory => Path.Combine(directory, "dnsmasq"))
                   .FirstOrDefault(File.Exists)
               ?? throw new InvalidOperationException(InstallHint);
    }

    private sealed class PortTakenException(string message) : Exception(message);
}
