using System.Security.Cryptography;
using System.Text;
using BlocksterV2.Cluster.Hosting;
using Microsoft.Extensions.Options;

namespace BlocksterV2.Web.Api;

/// <summary>
/// Refuses guarded routes before their body is read: a caller without the API key learns nothing about the
/// request format (401), and entity routes answer 503 until this member is Up and its shard regions have started.
/// </summary>
public sealed class RouteGuardMiddleware(RequestDelegate next, IOptions<BuxNodeOptions> options, NodeReadiness readiness)
{
    public const string ApiKeyHeader = "X-Api-Key";

    private readonly byte[]? _apiKey = options.Value.ApiKey is { Length: > 0 } key ? Encoding.UTF8.GetBytes(key) : null;

    public Task InvokeAsync(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        if (metadata is null)
            return next(context);
        if (_apiKey is not null && metadata.GetMetadata<RequiresApiKey>() is not null && CheckApiKey(context) is { } refused)
            return refused.ExecuteAsync(context);
        if (metadata.GetMetadata<RequiresReadyNode>() is not null && !readiness.IsReady)
        {
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, "NotReady", null,
                $"this node is not ready: {readiness.Status}; retry shortly").ExecuteAsync(context);
        }
        return next(context);
    }

    private IResult? CheckApiKey(HttpContext context)
    {
        var presented = context.Request.Headers[ApiKeyHeader].ToString();
        if (presented.Length == 0)
            return Problems.Create(StatusCodes.Status401Unauthorized, "MissingApiKey", ApiKeyHeader, $"this route needs the {ApiKeyHeader} header");
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _apiKey))
            return Problems.Create(StatusCodes.Status401Unauthorized, "WrongApiKey", ApiKeyHeader, $"the {ApiKeyHeader} header does not match this node's key");
        return null;
    }
}
