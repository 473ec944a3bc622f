using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;

namespace BlocksterV2.Cluster.Inspection;

/// <summary>
/// The node's pbm command host (Petabridge.Cmd's port, 9110): accepts clients on <c>Bux:Pbm:Host</c> and
/// <c>Bux:Pbm:Port</c>, each connection its own <see cref="PbmSession"/>, until the actor system terminates.
/// </summary>
internal sealed class PbmHost
{
    private readonly TcpListener _listener;
    private readonly PbmOptions _options;
    private readonly PbmCatalog _catalog;
    private readonly ActorSystem _system;
    private readonly ILoggingAdapter _log;
    private readonly CancellationTokenSource _stopping = new();

    private PbmHost(TcpListener listener, PbmOptions options, PbmCatalog catalog, ActorSystem system, ILoggingAdapter log)
    {
        _listener = listener;
        _options = options;
        _catalog = catalog;
        _system = system;
        _log = log;
    }

    /// <summary>
    /// Listens, or logs why it cannot: inspection is for operators, so a taken port must not keep a node from
    /// serving.
    /// </summary>
    public static void Start(ActorSystem system, PbmOptions options, PbmCatalog catalog)
    {
        var log = Logging.GetLogger(system, typeof(PbmHost));
        if (!options.Enabled)
        {
            log.Info("pbm command host off (Bux:Pbm:Enabled=false): this node cannot be inspected with pbm");
            return;
        }
        var listener = new TcpListener(IPAddress.Parse(options.Host), options.Port);
        try
        {
            listener.Start();
        }
        catch (SocketException e)
        {
            log.Error("pbm command host could not listen on {0}:{1} ({2}); this node runs without it. " +
                      "Free the port or set Bux:Pbm:Port (0 = any free port)", options.Host, options.Port, e.Message);
            return;
        }
        var host = new PbmHost(listener, options, catalog, system, log);
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        log.Info("pbm command host listening on {0}:{1} ({2}); inspect this node with `pbm {0}:{1} cluster show`",
            endpoint.Address, endpoint.Port, options.Secret is null
                ? "no secret: whoever reaches this address can run every command"
                : "clients must present the shared secret, PBM_SECRET");
        _ = host.AcceptClients();
        system.RegisterOnTermination(host.Stop);
    }

    private static readonly TimeSpan FirstBackOff = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxBackOff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WarnEvery = TimeSpan.FromSeconds(30);

    private int _open;

    private async Task AcceptClients()
    {
        var backOff = TimeSpan.Zero;
        var acceptFailures = new RateLimitedWarning(_log, WarnEvery);
        var refusals = new RateLimitedWarning(_log, WarnEvery);
        while (true)
        {
            TcpClient client;
            try
            {
                if (backOff > TimeSpan.Zero)
                    await Task.Delay(backOff, _stopping.Token);
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
                backOff = TimeSpan.Zero;
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // out of file descriptors, say: accepting again at once would only spin
                backOff = backOff == TimeSpan.Zero ? FirstBackOff : TimeSpan.FromTicks(Math.Min(backOff.Ticks * 2, MaxBackOff.Ticks));
                acceptFailures.Log("pbm command host: could not accept a client ({0}); still listening, accepting again after a pause of up to {1:0}s",
                    e.Message, MaxBackOff.TotalSeconds);
                continue;
            }
            if (Interlocked.Increment(ref _open) > _options.MaxConnections)
            {
                Interlocked.Decrement(ref _open);
                refusals.Log("pbm command host: refused {0}: {1} connections are open, the most Bux:Pbm:MaxConnections allows",
                    client.Client.RemoteEndPoint?.ToString() ?? "a client", _options.MaxConnections);
                _ = PbmSession.RefuseBusy(client, _options.MaxConnections);
                continue;
            }
            _ = Serve(client);
        }
    }

    private async Task Serve(TcpClient client)
    {
        try
        {
            await new PbmSession(client, _options, _catalog, _system, _log).RunAsync(_stopping.Token);
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    private void Stop()
    {
        _stopping.Cancel();
        _listener.Stop();
    }
}
