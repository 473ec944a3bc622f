using BlocksterV2.Cluster.Hosting;

namespace BlocksterV2.Web.Api;

/// <summary>Entity routes answer 503 until this member is Up and its shard regions have started.</summary>
public sealed class ReadinessFilter(NodeReadiness readiness) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        readiness.IsReady
            ? next(context)
            : ValueTask.FromResult<object?>(Problems.Create(StatusCodes.Status503ServiceUnavailable, "NotReady", null,
                $"this node is not ready: {readiness.Status}; retry shortly"));
}
