using BlocksterV2.Cluster.Hosting;

namespace BlocksterV2.Web.Api;

/// <summary>
/// Refuses guarded routes before their body is read: a caller without the API key learns nothing about the
/// request format (401), and entity routes answer 503 until this member is Up and its shard regions have started.
/// A body that announces more than <see cref="StrictJson.MaxRequestBodyBytes"/> is refused with 413 before any of
/// it is read (Kestrel's own limit stops chunked bodies that grow past it while they are read).
/// </summary>
public sealed class RouteGuardMiddleware(RequestDelegate next, ApiKeyCheck apiKey, NodeReadiness readiness)
{
    public const string ApiKeyHeader = ApiKeyCheck.Header;

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > StrictJson.MaxRequestBodyBytes)
            return TooLarge(context.Request.ContentLength.Value).ExecuteAsync(context);
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

    public static IResult TooLarge(long? length) =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, BodyTooLarge, "body", TooLargeReason(length));

    /// <summary>
    /// A chunked body that grows past Kestrel's limit is cut by Kestrel while the route reads it, and the route
    /// answers a bare 413: the problem written for it gets the same code, field and reason as the early refusal.
    /// </summary>
    public static void ExplainTooLarge(Microsoft.AspNetCore.Http.ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Status != StatusCodes.Status413PayloadTooLarge || problem.Extensions.ContainsKey("code"))
            return;
        problem.Type = "urn:blockster:bux:body-too-large";
        problem.Title = "Request body too large";
        problem.Detail = TooLargeReason(null);
        problem.Extensions["code"] = BodyTooLarge;
        problem.Extensions["field"] = "body";
    }

    private const string BodyTooLarge = "BodyTooLarge";

    private static string TooLargeReason(long? length) =>
        $"the request body {(length is { } n ? $"of {n} bytes " : "")}is larger than the {StrictJson.MaxRequestBodyBytes} bytes any route takes";
}
