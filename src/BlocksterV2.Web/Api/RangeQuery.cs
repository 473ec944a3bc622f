using System.Globalization;
using System.Text;
using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Domain;

namespace BlocksterV2.Web.Api;

/// <summary>
/// A range query on a local table's indexes, as <c>GET /api/users?minBalance=&amp;maxBalance=&amp;updatedSince=&amp;limit=&amp;after=</c>
/// states it. Bounds are inclusive. With a balance bound the rows come in balance order (highest first, as the
/// leaderboard) and <c>updatedSince</c> filters them; with only <c>updatedSince</c> they come oldest update first;
/// with neither, every row in balance order. <c>after</c> is the <c>next</c> cursor of the previous page.
/// </summary>
public sealed record RangeQuery(long MinBalance, long MaxBalance, DateTime? UpdatedSince, int Limit, bool ByBalance, RangeCursor? After)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>The order the rows come in, as the response names it.</summary>
    public string Order => ByBalance ? "bux_balance desc, updated_at, key" : "updated_at, key";

    /// <returns>null and the query, or the rejection naming the bad parameter.</returns>
    public static Rejection? TryParse(string? minBalance, string? maxBalance, string? updatedSince, string? limit, string? after, out RangeQuery query)
    {
        query = new RangeQuery(0, long.MaxValue, null, DefaultLimit, true, null);
        if (ParseBalance(minBalance, "minBalance", 0, out var min) is { } badMin)
            return badMin;
        if (ParseBalance(maxBalance, "maxBalance", long.MaxValue, out var max) is { } badMax)
            return badMax;
        if (min > max)
            return Rejection.Invalid("minBalance", $"minBalance ({min}) is greater than maxBalance ({max})");
        DateTime? since = null;
        if (updatedSince is not null)
        {
            if (!DateTime.TryParse(updatedSince, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
                return Rejection.Invalid("updatedSince", $"updatedSince '{updatedSince}' is not an ISO 8601 time (e.g. 2026-11-24T10:00:00Z)");
            since = parsed;
        }
        var count = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxLimit))
            return Rejection.Invalid("limit", $"limit must be a whole number from 1 to {MaxLimit}, not '{limit}'");
        var byBalance = minBalance is not null || maxBalance is not null || since is null;
        RangeCursor? cursor = null;
        if (after is not null)
        {
            cursor = RangeCursor.Decode(after);
            if (cursor is null)
                return Rejection.Invalid("after", "after is not a cursor this API returned; pass the 'next' value of the previous page unchanged");
            if ((cursor.Balance is not null) != byBalance)
                return Rejection.Invalid("after", "after is the cursor of a query in another order; keep the other parameters as they were on the first page");
        }
        query = new RangeQuery(min, max, since, count, byBalance, cursor);
        return null;
    }

    public RangePage<TRow> Run<TRow>(LocalTable<TRow> table) where TRow : class, ITableRow
    {
        var sinceTicks = UpdatedSince?.Ticks ?? long.MinValue;
        return ByBalance
            ? table.ByBalance(MinBalance, MaxBalance, sinceTicks, After is { Balance: { } b } c ? new BalanceEntry(b, c.UpdatedTicks, c.Key) : null, Limit)
            : table.ByUpdated(sinceTicks, After is { } u ? new UpdatedEntry(u.UpdatedTicks, u.Key) : null, Limit);
    }

    public RangeCursor CursorAfter(ITableRow last) =>
        new(ByBalance ? last.Balance : null, last.UpdatedTicks, last.Key);

    private static Rejection? ParseBalance(string? value, string field, long absent, out long balance)
    {
        balance = absent;
        if (value is null)
            return null;
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out balance))
            return Rejection.Invalid(field, $"{field} must be a whole number of BUX from 0 to {long.MaxValue}, not '{value}'");
        return null;
    }
}

/// <summary>Where a page ended: the last row's index key. Opaque to clients (base64url).</summary>
public sealed record RangeCursor(long? Balance, long UpdatedTicks, string Key)
{
    public string Encode() =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(Balance is { } b ? $"b:{b}:{UpdatedTicks}:{Key}" : $"u:{UpdatedTicks}:{Key}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static RangeCursor? Decode(string text)
    {
        try
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=')));
            // keys may contain ':', so the key is whatever follows the fixed fields
            var parts = decoded.Split(':', decoded.StartsWith("b:", StringComparison.Ordinal) ? 4 : 3);
            return parts switch
            {
                ["b", var b, var t, var k] when long.TryParse(b, out var balance) && long.TryParse(t, out var ticks) && k.Length > 0 =>
                    new RangeCursor(balance, ticks, k),
                ["u", var t, var k] when long.TryParse(t, out var ticks) && k.Length > 0 => new RangeCursor(null, ticks, k),
                _ => null,
            };
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
