using System.Security.Cryptography;
using System.Text;
using BlocksterV2.Cluster.Hosting;
using Microsoft.Extensions.Options;

namespace BlocksterV2.Web.Api;

/// <summary>Whether a request carries this node's API key (always true on a node without one), compared in constant time.</summary>
public sealed class ApiKeyCheck(IOptions<BuxNodeOptions> options)
{
    public const string Header = "X-Api-Key";

    private readonly byte[]? _key = options.Value.ApiKey is { Length: > 0 } key ? Encoding.UTF8.GetBytes(key) : null;

    /// <summary>True when this node has an API key, so guarded routes and details need it.</summary>
    public bool Configured => _key is not null;

    /// <summary>Null when the request may go on; else the 401 problem that says why not.</summary>
    public IResult? Refusal(HttpRequest request)
    {
        if (_key is null)
            return null;
        var presented = request.Headers[Header].ToString();
        if (presented.Length == 0)
            return Problems.Create(StatusCodes.Status401Unauthorized, "MissingApiKey", Header, $"this route needs the {Header} header");
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _key))
            return Problems.Create(StatusCodes.Status401Unauthorized, "WrongApiKey", Header, $"the {Header} header does not match this node's key");
        return null;
    }

    public bool Authorized(HttpRequest request) => Refusal(request) is null;
}
