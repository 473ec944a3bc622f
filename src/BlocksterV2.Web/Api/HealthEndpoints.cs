using BlocksterV2.Cluster.Hosting;

namespace BlocksterV2.Web.Api;

public static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/health").WithTags("health");

        health.MapGet("/live", () => Results.Ok(new HealthStatus("live")))
            .WithSummary("The process is running")
            .Produces<HealthStatus>();

        // not a problem: a load balancer reads the status, and the body says what the node is waiting for
        health.MapGet("/ready", (NodeReadiness readiness) => readiness.IsReady
                ? Results.Ok(new HealthStatus(readiness.Status))
                : Results.Json(new HealthStatus(readiness.Status), statusCode: StatusCodes.Status503ServiceUnavailable))
            .WithSummary("200 once this member is Up and its shard regions have started; 503 before and while leaving")
            .Produces<HealthStatus>()
            .Produces<HealthStatus>(StatusCodes.Status503ServiceUnavailable);
    }
}

/// <summary><c>live</c>, or what this node is doing: ready, or why not yet.</summary>
public sealed record HealthStatus(string Status);
