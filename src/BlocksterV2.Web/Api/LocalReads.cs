using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Domain;
using BlocksterV2.Domain.Validation;

namespace BlocksterV2.Web.Api;

/// <summary>
/// Reads answered from this node's local tables (Mnesia's dirty reads): no actor is asked, so they take
/// microseconds and see what this node's journal stored, which may trail a write made on another node.
/// </summary>
public static class LocalReads
{
    public const string Local = "local";
    public const string Entity = "entity";

    /// <summary>The <c>consistency</c> parameter: <c>entity</c> (default, asks the entity) or <c>local</c>.</summary>
    public static Rejection? CheckConsistency(string? consistency) =>
        consistency is null or Entity or Local
            ? null
            : Rejection.Invalid("consistency", $"consistency must be '{Entity}' (ask the entity; the default) or '{Local}' (this node's table), not '{consistency}'");

    public static IResult Row<TRow, TRecord>(LocalTable<TRow> table, string id, string field, Func<TRow, TRecord> toRecord)
        where TRow : class, ITableRow
    {
        if (Ids.Check(id, field) is { } badId)
            return Problems.From(badId);
        return table.Get(id) is { } row
            ? Results.Ok(toRecord(row))
            : Problems.From(new Rejection(RejectionCode.NotFound, field, $"no row '{id}' in this node's copy of {table.Name}"));
    }

    public static IResult Range<TRow, TRecord>(LocalTable<TRow> table, string? minBalance, string? maxBalance, string? updatedSince,
        string? limit, string? after, Func<TRow, TRecord> toRecord) where TRow : class, ITableRow
    {
        if (RangeQuery.TryParse(minBalance, maxBalance, updatedSince, limit, after, out var query) is { } bad)
            return Problems.From(bad);
        var page = query.Run(table);
        var next = page.More ? query.CursorAfter(page.Rows[^1]).Encode() : null;
        return Results.Ok(new RangeResult<TRecord>(page.Rows.Select(toRecord).ToList(), next, query.Order));
    }
}

/// <summary>One page of a range query: <c>next</c> is the <c>after</c> of the following page, null on the last.</summary>
public sealed record RangeResult<TRecord>(IReadOnlyList<TRecord> Items, string? Next, string Order);
