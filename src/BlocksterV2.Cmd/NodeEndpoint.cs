using System.Globalization;

namespace BlocksterV2.Cmd;

/// <summary>Where a node's pbm command host listens: <c>host:port</c>, IPv6 in brackets (<c>[fdaa::3]:9110</c>).</summary>
public sealed record NodeEndpoint(string Host, int Port)
{
    public static readonly NodeEndpoint Default = new("127.0.0.1", 9110);

    /// <summary>Palette names never hold a colon, so a first argument with one is an address.</summary>
    public static bool LooksLikeAddress(string argument) => argument.Contains(':');

    /// <exception cref="PbmUsageException">Not <c>host:port</c>.</exception>
    public static NodeEndpoint Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        var host = colon > 0 ? text[..colon] : "";
        if (host.StartsWith('[') && host.EndsWith(']'))
            host = host[1..^1];
        if (host.Length == 0 || (host.Contains(':') && !text.StartsWith('['))
            || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new PbmUsageException($"'{text}' is not an address: write host:port, e.g. 127.0.0.1:9110 or [fdaa::3]:9110");
        }
        return new NodeEndpoint(host, port);
    }

    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
