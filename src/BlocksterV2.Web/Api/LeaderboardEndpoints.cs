using BlocksterV2.Cluster.Leaderboard;
using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Domain;
using BlocksterV2.Domain.Validation;

namespace BlocksterV2.Web.Api;

public static class LeaderboardEndpoints
{
    public const int DefaultTop = 10;

    public static void MapLeaderboardEndpoints(this IEndpointRouteBuilder app)
    {
        var leaderboard = app.MapGroup("/api/leaderboard").WithTags("leaderboard").RequireReadyNode();

        leaderboard.MapGet("", (string? top, LeaderboardView view) =>
                ParseTop(top, view.Current.Size, out var n) is { } bad
                    ? Problems.From(bad)
                    : Results.Ok(LeaderboardPage.From(view.Current, n)))
            .WithSummary("The top N users by balance (ties: earlier updated_at, then user id), from this node's copy of the replicated top K")
            .Produces<LeaderboardPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        leaderboard.MapGet("/users/{id}", (string id, NodeTables tables) =>
            {
                if (Ids.Check(id, "userId") is { } badId)
                    return Problems.From(badId);
                return tables.Users.Rank(id) is var (row, rank)
                    ? Results.Ok(new UserRank(row.Key, rank, row.Balance, new DateTime(row.UpdatedTicks, DateTimeKind.Utc), tables.Users.Count))
                    : Problems.From(new Rejection(RejectionCode.NotFound, "userId", $"no user '{id}' in this node's copy of user_bux_points"));
            })
            .WithSummary("One user's rank and balance, from this node's balance index")
            .Produces<UserRank>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>The <c>top</c> parameter: 1 to K (the most entries the board keeps), default 10.</summary>
    public static Rejection? ParseTop(string? top, int size, out int n)
    {
        n = Math.Min(DefaultTop, size);
        if (top is null)
            return null;
        if (!int.TryParse(top, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out n) || n < 1 || n > size)
            return Rejection.Invalid("top", $"top must be a whole number from 1 to {size} (the leaderboard keeps the top {size}), not '{top}'");
        return null;
    }
}

/// <summary>A user's 1-based place in balance order among the <c>Of</c> users this node's table holds.</summary>
public sealed record UserRank(string UserId, long Rank, long Balance, DateTime UpdatedAt, int Of);
