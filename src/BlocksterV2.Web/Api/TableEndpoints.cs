using BlocksterV2.Cluster.Hosting;
using BlocksterV2.Domain.Tables;
using Microsoft.Extensions.Options;

namespace BlocksterV2.Web.Api;

public static class TableEndpoints
{
    public static void MapTableEndpoints(this IEndpointRouteBuilder app)
    {
        var tables = app.MapGroup("/api/tables").WithTags("tables");

        tables.MapGet("", (IOptions<BuxNodeOptions> options) => Results.Ok(BuxTables.Tables(options.Value.Storage)))
            .WithSummary("The BUX table definitions: fields, key, indexed fields and storage mode")
            .Produces<IReadOnlyList<TableDefinition>>();

        tables.MapGet("/{name}", (string name, IOptions<BuxNodeOptions> options) =>
                BuxTables.Find(name, options.Value.Storage) is { } table
                    ? Results.Ok(table)
                    : Problems.Create(StatusCodes.Status404NotFound, "NotFound", "name",
                        $"no table '{name}'; tables are {string.Join(", ", BuxTables.TableNames())}"))
            .WithSummary("One table's definition")
            .Produces<TableDefinition>();
    }
}
