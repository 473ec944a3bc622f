using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace BlocksterV2.Testing;

/// <summary>
/// Ports for the processes the specs and the benchmark start, chosen below the kernel's ephemeral range (32768 and up
/// on Linux): a port the kernel hands out with port 0 may meanwhile become the local end of one of our own HTTP
/// connections, and the process then fails to bind it. Never the same port twice in one run.
/// </summary>
public static class FreePorts
{
    private const int Lowest = 20_000;
    private const int Highest = 32_000;

    private static readonly ConcurrentDictionary<int, byte> HandedOut = new();

    /// <summary>A TCP port free on every local address, so nodes on 127.0.0.2, 127.0.0.3, ... can all use it.</summary>
    public static int Tcp() => Find(port =>
    {
        using var listener = new TcpListener(IPAddress.Any, port);
        listener.Start();
    }, "TCP");

    /// <summary>A loopback port free for both UDP and TCP, as a DNS server binds both.</summary>
    public static int TcpAndUdp() => Find(port =>
    {
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
        using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
    }, "UDP and TCP");

    private static int Find(Action<int> bind, string what)
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Random.Shared.Next(Lowest, Highest);
            if (!HandedOut.TryAdd(port, 0))
                continue;
            try
            {
                bind(port);
                return port;
            }
            catch (SocketException)
            {
                // taken: try another
            }
        }
        throw new InvalidOperationException($"no port free for {what} found between {Lowest} and {Highest}");
    }
}
