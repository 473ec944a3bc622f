using System.Security.Cryptography;
using System.Text;
using BlocksterV2.Cluster.Hosting;
using Microsoft.Extensions.Options;

namespace BlocksterV2.Web.Api;

/// <summary>Mutating routes require <c>X-Api-Key</c> when a key is configured.</summary>
public sealed class ApiKeyFilter(IOptions<BuxNodeOptions> options) : IEndpointFilter
{
    public const string Header = "X-Api-Key";

    private readonly byte[]? _expected = options.Value.ApiKey is { Length: > 0 } key ? Encoding.UTF8.GetBytes(key) : null;

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (_expected is null)
            return next(context);
        var presented = context.HttpContext.Request.Headers[Header].ToString();
        if (presented.Length == 0)
            return ValueTask.FromResult<object?>(Problems.Create(StatusCodes.Status401Unauthorized, "MissingApiKey", Header, $"this route changes data and needs the {Header} header"));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _expected))
            return ValueTask.FromResult<object?>(Problems.Create(StatusCodes.Status401Unauthorized, "WrongApiKey", Header, $"the {Header} header does not match this node's key"));
        return next(context);
    }
}
