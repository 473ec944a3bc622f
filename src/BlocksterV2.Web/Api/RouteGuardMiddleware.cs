using BlocksterV2.Cluster.Hosting;

namespace BlocksterV2.Web.Api;

/// <summary>
/// Refuses guarded routes before their body is read: a caller without the API key learns nothing about the
/// request format (401), and entity routes answer 503 until this member is Up and its shard regions have started.
/// </summary>
public sealed class RouteGuardMiddleware(RequestDelegate next, ApiKeyCheck apiKey, NodeReadiness readiness)
{
    public const string ApiKeyHeader = ApiKeyCheck.Header;

    public Task InvokeAsync(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        if (metadata is null)
            return next(context);
        if (metadata.GetMetadata<RequiresApiKey>() is not null && apiKey.Refusal(context.Request) is { } refused)
            return refused.ExecuteAsync(context);
        if (metadata.GetMetadata<RequiresReadyNode>() is not null && !readiness.IsReady)
        {
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, "NotReady", null,
                $"this node is not ready: {readiness.Status}; retry shortly").ExecuteAsync(context);
        }
        return next(context);
    }
}
