using System.Text.Json.Nodes;
using BlocksterV2.Cluster.Leaderboard;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BlocksterV2.Web.Api.Reference;

/// <summary>
/// The routes bind their query parameters as strings and parse them themselves, so a bad value is a 400 naming the
/// parameter and saying why; left alone the document would call every one a bare string. This says what each takes.
/// </summary>
public static class QueryParameterSchemas
{
    public static void Apply(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            if (parameter.In == ParameterLocation.Query && For(parameter.Name, context.ApplicationServices) is var (schema, description))
            {
                parameter.Schema = schema;
                parameter.Description = description;
            }
        }
    }

    private static (OpenApiSchema Schema, string Description)? For(string? name, IServiceProvider services) => name switch
    {
        "consistency" => (new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Enum = [LocalReads.Entity, LocalReads.Local],
            Default = LocalReads.Entity,
        }, "entity: ask the entity (a consistent read); local: this node's table (no actor, may trail a write made on another node)"),
        "minBalance" => (Integer("int64", 0, null, 0), "Lowest bux_balance to include (inclusive), in whole BUX"),
        "maxBalance" => (Integer("int64", 0, null, null), "Highest bux_balance to include (inclusive), in whole BUX; unbounded when left out"),
        "updatedSince" => (new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
            "Only rows updated at or after this ISO 8601 time (e.g. 2026-11-24T10:00:00Z)"),
        "limit" => (Integer("int32", 1, RangeQuery.MaxLimit, RangeQuery.DefaultLimit), "Rows per page"),
        "after" => (new OpenApiSchema { Type = JsonSchemaType.String },
            "The 'next' cursor of the previous page, unchanged (with the same other parameters)"),
        "top" => (Integer("int32", 1, services.GetService<LeaderboardView>()?.Current.Size, LeaderboardEndpoints.DefaultTop),
            "How many entries, 1 to this node's Bux:Leaderboard:Size"),
        _ => null,
    };

    private static OpenApiSchema Integer(string format, long minimum, long? maximum, long? defaultValue) => new()
    {
        Type = JsonSchemaType.Integer,
        Format = format,
        Minimum = minimum.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Maximum = maximum?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Default = defaultValue is { } d ? JsonValue.Create(d) : null,
    };
}
