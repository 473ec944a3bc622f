using BlocksterV2.Cluster.Hosting;

namespace BlocksterV2.Web.Api;

public static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/health").WithTags("health");

        health.MapGet("/live", () => Results.Ok(new { status = "live" }))
            .WithSummary("The process is running");

        health.MapGet("/ready", (NodeReadiness readiness) => readiness.IsReady
                ? Results.Ok(new { status = readiness.Status })
                : Results.Json(new { status = readiness.Status }, statusCode: StatusCodes.Status503ServiceUnavailable))
            .WithSummary("200 once this member is Up and its shard regions have started; 503 before and while leaving");
    }
}
