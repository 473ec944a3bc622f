using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BlocksterV2.Web;

/// <summary>
/// One process per data directory. Two nodes on one SQLite file would each believe they hold its tail: the second
/// serves stale reads while the first gets UNIQUE-constraint failures. The lock is an exclusive lock on
/// <c>bux.lock</c> (flock on Linux, a sharing lock on Windows) held for the process's life and released by the
/// operating system however the process ends, so a crash never leaves a stale lock behind. The holder writes its
/// pid to <c>bux.pid</c> (a locked file cannot be read by another .NET process) for the refusal message.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = "bux.lock";

    public const string PidFileName = "bux.pid";

    private readonly FileStream _file;

    private DataDirectoryLock(FileStream file) => _file = file;

    /// <exception cref="StartupRefusedException">Another process holds the directory.</exception>
    public static DataDirectoryLock Acquire(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new StartupRefusedException(
                $"Refusing to start: the data directory {directory} is in use by another node process ({Holder(directory)}). " +
                "Stop that process, or give this node another --sname or --data-dir.");
        }
        File.WriteAllText(Path.Combine(directory, PidFileName), $"{Environment.ProcessId}\n", Encoding.ASCII);
        return new DataDirectoryLock(file);
    }

    public void Dispose() => _file.Dispose();

    private static string Holder(string directory)
    {
        try
        {
            return int.TryParse(File.ReadAllText(Path.Combine(directory, PidFileName)).Trim(), out var pid) ? $"pid {pid}" : "pid unknown";
        }
        catch (IOException)
        {
            return "pid unknown";
        }
    }
}

/// <summary>
/// Refuses to start when another process already listens on the remoting port. .NET on Linux binds listening
/// sockets with SO_REUSEPORT, so a second node would bind the same port beside the first and both would claim one
/// Akka address; a socket bound here without address reuse fails instead, before the actor system starts.
/// </summary>
public static class RemotingPortCheck
{
    public static void EnsureFree(string hostname, int port)
    {
        if (port == 0)
            return; // the operating system picks a free port
        var address = IPAddress.TryParse(hostname, out var parsed) ? parsed : Resolve(hostname);
        if (address is null)
            return; // Akka names the hostname it cannot resolve
        using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            probe.Bind(new IPEndPoint(address, port));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new StartupRefusedException(
                $"Refusing to start: the remoting port {hostname}:{port} is already in use by another process (another node?). " +
                "Stop it, or set --remoting-port (Bux__RemotingPort) to a free port.");
        }
    }

    private static IPAddress? Resolve(string hostname)
    {
        try
        {
            return Dns.GetHostAddresses(hostname).FirstOrDefault();
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
