using BlocksterV2.Cluster.Leaderboard;
using BlocksterV2.Web.Api;

namespace BlocksterV2.Web.Pages;

/// <summary>
/// <c>GET /leaderboard</c>: the live leaderboard page, one self-contained HTML file embedded in the assembly. Its
/// script follows <c>/api/leaderboard/stream</c>, passing <c>?top=N</c> through.
/// </summary>
public static class LeaderboardPageEndpoints
{
    private const string Resource = "BlocksterV2.Web.Pages.leaderboard.html";

    /// <summary>Nothing may load from elsewhere: the page works offline from the node and leaks no visits to a CDN.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static void MapLeaderboardPage(this IEndpointRouteBuilder app)
    {
        var html = ReadPage();
        app.MapGet("/leaderboard", (string? top, HttpContext context, LeaderboardView view) =>
            {
                // refused here rather than by the stream, which the browser would only retry forever
                if (LeaderboardEndpoints.ParseTop(top, view.Current.Size, out _) is { } refused)
                    return Problems.From(refused);
                context.Response.Headers.CacheControl = "no-cache";
                context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
                return Results.Bytes(html, "text/html; charset=utf-8");
            })
            .ExcludeFromDescription();
    }

    private static byte[] ReadPage()
    {
        using var stream = typeof(LeaderboardPageEndpoints).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"the live leaderboard page {Resource} is not embedded in the assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
