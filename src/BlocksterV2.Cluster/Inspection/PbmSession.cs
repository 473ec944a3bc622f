using System.Net.Sockets;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using Akka.Event;
using BlocksterV2.Cluster.Inspection.Wire;

namespace BlocksterV2.Cluster.Inspection;

/// <summary>
/// One client's connection: its hello (protocol version, secret), then its commands one at a time, each
/// answered with its output lines and an end frame. Anything malformed closes the connection unexecuted.
/// </summary>
internal sealed class PbmSession(TcpClient client, PbmOptions options, PbmCatalog catalog, ActorSystem system, ILoggingAdapter log)
{
    /// <summary>Commands that change the cluster or the node: logged at Warning with the client's address.</summary>
    private static readonly HashSet<string> StateChanging =
        ["cluster leave", "cluster down", "cluster join", "cluster down-unreachable", "bux sync"];

    private readonly string? secret = options.Secret;

    /// <summary>Commands are short; a longer frame is not a pbm client.</summary>
    private const int MaxFrameBytes = 64 * 1024;

    /// <summary>A client that connects and says nothing (a port scan, a stuck peer) does not hold a connection for long.</summary>
    public static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(10);

    public static string NodeVersion { get; } =
        typeof(PbmSession).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    private readonly string _peer = client.Client.RemoteEndPoint?.ToString() ?? "an unknown client";

    public async Task RunAsync(CancellationToken stopping)
    {
        using var _ = client;
        var frames = new FrameStream(client.GetStream(), MaxFrameBytes);
        try
        {
            if (!await Greet(frames, stopping))
                return;
            while (await NextCommand(frames, stopping) is { } frame)
            {
                switch (frame)
                {
                    case Run run:
                        await Execute(frames, run, stopping);
                        break;
                    case ListPalettes:
                        await frames.WriteAsync(new Palettes(catalog.Definitions), stopping);
                        break;
                    default:
                        throw new PbmProtocolException($"a '{Kind(frame)}' frame where a command was expected");
                }
            }
        }
        catch (PbmProtocolException e)
        {
            log.Warning("pbm: closing the connection from {0}: it sent {1}; that frame was not executed", _peer, e.Message);
            await TryRefuse(frames, $"protocol error: {e.Message}", stopping);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            log.Debug("pbm: connection from {0} closed ({1})", _peer, e.Message);
        }
    }

    /// <summary>The next frame, or null when the client closed the connection or sent nothing for <c>Bux:Pbm:IdleTimeout</c>.</summary>
    private async Task<PbmFrame?> NextCommand(FrameStream frames, CancellationToken stopping)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        idle.CancelAfter(options.IdleTimeout);
        try
        {
            return await frames.ReadAsync(idle.Token);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            log.Info("pbm: {0} sent no command for {1:0}s (Bux:Pbm:IdleTimeout); closing the connection", _peer, options.IdleTimeout.TotalSeconds);
            await TryRefuse(frames, $"idle for {options.IdleTimeout.TotalSeconds:0}s (Bux:Pbm:IdleTimeout): connection closed", stopping);
            return null;
        }
    }

    /// <summary>Tells a client beyond <c>Bux:Pbm:MaxConnections</c> why, in one line, and closes its connection.</summary>
    public static async Task RefuseBusy(TcpClient client, int maxConnections)
    {
        using var _ = client;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        if (!client.Connected)
            return;
        await TryRefuse(new FrameStream(client.GetStream(), MaxFrameBytes),
            $"this node already serves {maxConnections} pbm connections (Bux:Pbm:MaxConnections); try again shortly", deadline.Token);
    }

    private async Task<bool> Greet(FrameStream frames, CancellationToken stopping)
    {
        PbmFrame? first;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping))
        {
            deadline.CancelAfter(HelloTimeout);
            try
            {
                first = await frames.ReadAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                log.Warning("pbm: {0} sent no hello within {1:0}s; closing the connection", _peer, HelloTimeout.TotalSeconds);
                return false;
            }
        }
        switch (first)
        {
            case null:
                return false;
            case not Hello:
                throw new PbmProtocolException($"a '{Kind(first)}' frame before its hello");
            case Hello { Protocol: not PbmFrame.ProtocolVersion } old:
                return await Refuse(frames, $"this node speaks pbm protocol {PbmFrame.ProtocolVersion}, the client {old.Protocol}; " +
                                            $"use the pbm of the node's release ({NodeVersion})", stopping);
            case Hello hello when !SecretMatches(hello.Secret):
                return await Refuse(frames, hello.Secret is null
                    ? "this node requires a secret: set PBM_SECRET to its Bux:Pbm:Secret"
                    : "wrong secret (PBM_SECRET does not match the node's Bux:Pbm:Secret)", stopping);
        }
        await frames.WriteAsync(new Welcome(Akka.Cluster.Cluster.Get(system).SelfAddress.ToString(), NodeVersion), stopping);
        return true;
    }

    private async Task<bool> Refuse(FrameStream frames, string reason, CancellationToken stopping)
    {
        log.Warning("pbm: refused {0}: {1}; nothing it sends is executed", _peer, reason);
        await TryRefuse(frames, reason, stopping);
        return false;
    }

    private static async Task TryRefuse(FrameStream frames, string reason, CancellationToken stopping)
    {
        try
        {
            await frames.WriteAsync(new Refused(reason), stopping);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            // the client is gone already; the warning is logged
        }
    }

    private async Task Execute(FrameStream frames, Run run, CancellationToken stopping)
    {
        var text = string.Join(' ', [run.Palette, run.Command, .. run.Switches.Select(s => $"-{s.Key} {s.Value}")]);
        IPbmPalette palette;
        PbmCommandCall call;
        try
        {
            (palette, call) = catalog.Resolve(run);
        }
        catch (PbmBadInputException e)
        {
            log.Warning("pbm: refused `{0}` from {1}: {2}", text, _peer, e.Message);
            await frames.WriteAsync(new End(CommandStatus.BadInput, e.Message), stopping);
            return;
        }

        if (StateChanging.Contains($"{run.Palette} {run.Command}"))
            log.Warning("pbm: {0} runs `{1}`, which changes the cluster or this node", _peer, text);
        else
            log.Info("pbm: {0} runs `{1}`", _peer, text);
        End end;
        try
        {
            await foreach (var line in palette.Run(call, stopping))
                await frames.WriteAsync(new Line(line), stopping);
            end = new End(CommandStatus.Ok, null);
        }
        catch (PbmBadInputException e)
        {
            log.Warning("pbm: refused `{0}` from {1}: {2}", text, _peer, e.Message);
            end = new End(CommandStatus.BadInput, e.Message);
        }
        catch (Exception e) when (e is not (IOException or SocketException or OperationCanceledException))
        {
            log.Warning("pbm: `{0}` from {1} failed: {2}", text, _peer, e.Message);
            end = new End(CommandStatus.Failed, e.Message);
        }
        await frames.WriteAsync(end, stopping);
    }

    /// <summary>Compares digests in constant time, so the time a refusal takes says nothing about the secret.</summary>
    private bool SecretMatches(string? presented) =>
        secret is null || (presented is not null && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(secret))));

    private static string Kind(PbmFrame frame) => frame.GetType().Name.ToLowerInvariant();
}
