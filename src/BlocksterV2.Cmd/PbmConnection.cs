using System.Net.Sockets;
using System.Reflection;
using BlocksterV2.Cluster.Inspection.Wire;

namespace BlocksterV2.Cmd;

/// <summary>One connection to a node's command host, greeted; commands run on it one at a time.</summary>
internal sealed class PbmConnection : IAsyncDisposable
{
    /// <summary>Output lines are short, but the palette list grows with the node's commands.</summary>
    private const int MaxFrameBytes = 1024 * 1024;

    public static string ClientVersion { get; } =
        typeof(PbmConnection).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    private readonly TcpClient _tcp;
    private readonly FrameStream _frames;

    private PbmConnection(NodeEndpoint node, TcpClient tcp, Welcome welcome)
    {
        Node = node;
        _tcp = tcp;
        _frames = new FrameStream(tcp.GetStream(), MaxFrameBytes);
        Welcome = welcome;
    }

    public NodeEndpoint Node { get; }

    public Welcome Welcome { get; }

    /// <summary>Connects and says hello; both within the connect timeout.</summary>
    /// <exception cref="PbmFailure">Unreachable, too slow, refused, or not a pbm command host.</exception>
    public static async Task<PbmConnection> Open(NodeEndpoint node, PbmClientSettings settings, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.ConnectTimeout);
        try
        {
            await tcp.ConnectAsync(node.Host, node.Port, deadline.Token);
            var frames = new FrameStream(tcp.GetStream(), MaxFrameBytes);
            await frames.WriteAsync(new Hello(PbmFrame.ProtocolVersion, ClientVersion, settings.Secret), deadline.Token);
            switch (await frames.ReadAsync(deadline.Token))
            {
                case Welcome welcome:
                    return new PbmConnection(node, tcp, welcome);
                case Refused refused:
                    throw new PbmFailure($"{node} refused the connection: {refused.Reason}");
                default:
                    throw new PbmFailure($"{node} did not greet like a pbm command host; is that the node's Bux:Pbm:Port?");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            tcp.Dispose();
            throw new PbmFailure($"cannot reach {node}: no answer within {settings.ConnectTimeout.TotalSeconds:0.#}s (PBM_CONNECT_TIMEOUT)");
        }
        catch (Exception e) when (e is SocketException or IOException or PbmProtocolException)
        {
            tcp.Dispose();
            throw new PbmFailure($"cannot reach {node}: {e.Message} (is the node running, with its pbm command host on this address?)");
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    public async Task<IReadOnlyList<PaletteDefinition>> Palettes(CancellationToken cancellationToken) =>
        await Exchange(new ListPalettes(), cancellationToken) is Palettes palettes
            ? palettes.Items
            : throw new PbmFailure($"{Node} answered the palette list with something else");

    /// <summary>Runs the command, handing each output line to <paramref name="output"/> as it arrives.</summary>
    public async Task<End> Run(PbmCommand command, Action<string> output, CancellationToken cancellationToken)
    {
        var frame = await Exchange(new Run(command.Palette, command.Command ?? "", command.Switches), cancellationToken);
        while (true)
        {
            switch (frame)
            {
                case Line line:
                    output(line.Text);
                    break;
                case End end:
                    return end;
                default:
                    throw new PbmFailure($"{Node} sent {frame.GetType().Name} in the middle of `{command}`");
            }
            frame = await Read(cancellationToken);
        }
    }

    private async Task<PbmFrame> Exchange(PbmFrame request, CancellationToken cancellationToken)
    {
        try
        {
            await _frames.WriteAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            throw new PbmFailure($"lost the connection to {Node}: {e.Message}");
        }
        return await Read(cancellationToken);
    }

    private async Task<PbmFrame> Read(CancellationToken cancellationToken)
    {
        PbmFrame? frame;
        try
        {
            frame = await _frames.ReadAsync(cancellationToken);
        }
        catch (Exception e) when (e is SocketException or IOException or PbmProtocolException)
        {
            throw new PbmFailure($"lost the connection to {Node}: {e.Message}");
        }
        return frame switch
        {
            null => throw new PbmFailure($"lost the connection to {Node}: it closed the connection"),
            Refused refused => throw new PbmFailure($"{Node} closed the connection: {refused.Reason}"),
            _ => frame,
        };
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
