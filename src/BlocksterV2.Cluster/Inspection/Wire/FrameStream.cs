using System.Text.Json;

namespace BlocksterV2.Cluster.Inspection.Wire;

/// <summary>
/// Reads and writes <see cref="PbmFrame"/>s, one JSON object per line, over one connection. A frame longer than
/// <paramref name="maxFrameBytes"/> is a protocol error, so a peer cannot make the other side buffer without end.
/// </summary>
internal sealed class FrameStream(Stream stream, int maxFrameBytes)
{
    private readonly byte[] _buffer = new byte[maxFrameBytes + 1];
    private int _start;
    private int _end;

    /// <summary>The next frame, or null when the peer closed the connection between frames.</summary>
    /// <exception cref="PbmProtocolException">Not JSON, not a known frame, too long, or cut off.</exception>
    public async Task<PbmFrame?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var frame = Parse(_buffer.AsSpan(_start, newline - _start));
                _start = newline + 1;
                return frame;
            }
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length)
                throw new PbmProtocolException($"a frame longer than {maxFrameBytes} bytes");
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
                return _end == 0 ? null : throw new PbmProtocolException("the connection closed in the middle of a frame");
            _end += read;
        }
    }

    public async Task WriteAsync(PbmFrame frame, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(frame, PbmJsonContext.Default.PbmFrame);
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        await stream.WriteAsync(line, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    private static PbmFrame Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, PbmJsonContext.Default.PbmFrame)
                   ?? throw new PbmProtocolException("a null frame");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new PbmProtocolException($"not a pbm frame ({e.Message})");
        }
    }
}
