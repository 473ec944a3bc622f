using System.Globalization;

namespace BlocksterV2.Cmd;

/// <param name="Secret">The node's <c>Bux:Pbm:Secret</c>, from <c>PBM_SECRET</c> (kept off the command line and out of the history), or,
/// when that is unset, from <c>Bux__Pbm__Secret</c>: inside the node's own machine or container pbm then needs nothing set.</param>
/// <param name="ConnectTimeout">How long connecting and the node's greeting may take, from <c>PBM_CONNECT_TIMEOUT</c> (seconds).</param>
public sealed record PbmClientSettings(string? Secret, TimeSpan ConnectTimeout)
{
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    /// <exception cref="PbmUsageException">PBM_CONNECT_TIMEOUT is not a positive number of seconds.</exception>
    public static PbmClientSettings FromEnvironment()
    {
        var timeout = DefaultConnectTimeout;
        if (Environment.GetEnvironmentVariable("PBM_CONNECT_TIMEOUT") is { Length: > 0 } text)
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
                throw new PbmUsageException($"PBM_CONNECT_TIMEOUT '{text}' is not a number of seconds, e.g. 5 or 0.5");
            timeout = TimeSpan.FromSeconds(seconds);
        }
        var secret = Environment.GetEnvironmentVariable("PBM_SECRET") is { Length: > 0 } given ? given
            : Environment.GetEnvironmentVariable("Bux__Pbm__Secret") is { Length: > 0 } node ? node : null;
        return new PbmClientSettings(secret, timeout);
    }
}
