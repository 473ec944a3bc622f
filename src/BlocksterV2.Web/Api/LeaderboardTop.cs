using System.Globalization;

namespace BlocksterV2.Web.Api;

/// <summary>
/// The <c>top</c> query parameter of the leaderboard routes: how many places to show, 1..K. Bound as text so that
/// "abc" is a problem naming <c>top</c>, not the framework's generic bad-request answer.
/// </summary>
public static class LeaderboardTop
{
    public const string Field = "top";

    public const int Default = 10;

    /// <summary>The requested count, or a 400 problem naming <c>top</c> and why it is refused.</summary>
    public static (int Top, IResult? Refused) Parse(string? raw, int size)
    {
        if (string.IsNullOrEmpty(raw))
            return (Math.Min(Default, size), null);
        if (!int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var top))
            return (0, Refuse($"top must be a whole number from 1 to {size}; got '{raw}'"));
        if (top < 1)
            return (0, Refuse($"top must be at least 1; got {top}"));
        if (top > size)
            return (0, Refuse($"top must be at most {size}, the number of places the leaderboard keeps (Bux:Leaderboard:Size); got {top}"));
        return (top, null);
    }

    private static IResult Refuse(string reason) =>
        Problems.Create(StatusCodes.Status400BadRequest, "InvalidInput", Field, reason);
}
