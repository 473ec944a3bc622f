using System.Text;
using System.Text.Json;
using BlocksterV2.Cluster.Leaderboard;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace BlocksterV2.Web.Api;

/// <summary>
/// <c>GET /api/leaderboard/stream</c>: the top of the leaderboard as server-sent events, for the live page. The first
/// event is the board as this node sees it now; then one event whenever the top N changed.
/// </summary>
public static class LeaderboardStreamEndpoints
{
    /// <summary>Proxies close a response that stays silent too long (commonly 60 s); a comment keeps it open.</summary>
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    private static readonly byte[] Heartbeat = ": heartbeat\n\n"u8.ToArray();

    /// <summary>Browsers wait ~3 s before reconnecting by default; a node restart is over sooner.</summary>
    private static readonly byte[] ReconnectAfter = "retry: 1000\n\n"u8.ToArray();

    public static void MapLeaderboardStreamEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/leaderboard/stream", (
                string? top, HttpContext context, LeaderboardView view, IHostApplicationLifetime lifetime,
                IOptions<JsonOptions> json, ILoggerFactory loggers) =>
            {
                if (LeaderboardEndpoints.ParseTop(top, view.Current.Size, out var count) is { } refused)
                    return Problems.From(refused);
                return Results.Stream(
                    body => Stream(context, body, count, view, lifetime.ApplicationStopping, json.Value.SerializerOptions,
                        loggers.CreateLogger(typeof(LeaderboardStreamEndpoints).FullName!)),
                    "text/event-stream");
            })
            .WithTags("leaderboard")
            .RequireReadyNode()
            .WithSummary("The top N of the leaderboard (default 10, at most Bux:Leaderboard:Size) as server-sent events: now, then on every change")
            .Produces<LeaderboardPage>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static async Task Stream(HttpContext context, Stream body, int top, LeaderboardView view, CancellationToken stopping,
        JsonSerializerOptions json, ILogger logger)
    {
        context.Response.Headers.CacheControl = "no-cache";
        // nginx-style proxies would otherwise hold events back until their buffer fills
        context.Response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        using var closing = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var cancel = closing.Token;
        var events = 0;
        logger.LogDebug("Leaderboard stream opened for {Client} (top {Top})", context.Connection.RemoteIpAddress, top);
        try
        {
            // taken before reading Current, so a change published in between is not missed
            var changed = view.NextChange(cancel);
            var sent = LeaderboardPage.From(view.Current, top);
            await body.WriteAsync(ReconnectAfter, cancel);
            await Send(body, sent, json, cancel);
            events++;
            var heartbeat = Task.Delay(HeartbeatInterval, cancel);
            while (true)
            {
                if (await Task.WhenAny(changed, heartbeat) == heartbeat)
                {
                    await heartbeat;
                    await body.WriteAsync(Heartbeat, cancel);
                    await body.FlushAsync(cancel);
                    heartbeat = Task.Delay(HeartbeatInterval, cancel);
                    continue;
                }
                await changed;
                changed = view.NextChange(cancel);
                // the latest snapshot, whatever was published while the previous event was being written
                var latest = LeaderboardPage.From(view.Current, top);
                if (latest.Entries.SequenceEqual(sent.Entries))
                    continue;
                await Send(body, latest, json, cancel);
                sent = latest;
                events++;
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            logger.LogDebug("Leaderboard stream for {Client} closed after {Events} event(s): {Why}", context.Connection.RemoteIpAddress,
                events, stopping.IsCancellationRequested ? "the node is stopping" : "the client went away");
        }
    }

    private static async Task Send(Stream body, LeaderboardPage page, JsonSerializerOptions json, CancellationToken cancel)
    {
        // compact JSON has no line breaks, so the whole page fits one data: line
        var payload = Encoding.UTF8.GetBytes($"data: {JsonSerializer.Serialize(page, json)}\n\n");
        await body.WriteAsync(payload, cancel);
        await body.FlushAsync(cancel);
    }
}
