using Akka.Actor;
using BlocksterV2.Cluster.Hosting;
using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Domain.Tables;
using Microsoft.Extensions.Options;

namespace BlocksterV2.Web.Api;

public static class TableEndpoints
{
    public static void MapTableEndpoints(this IEndpointRouteBuilder app)
    {
        var tables = app.MapGroup("/api/tables").WithTags("tables");

        tables.MapGet("", (IOptions<BuxNodeOptions> options, NodeTables local, ActorSystem system) =>
                Results.Ok(BuxTables.Tables(options.Value.Storage).Select(t => TableInfo.Of(t, local, Self(system))).ToList()))
            .WithSummary("The BUX tables: definitions (fields, key, indexed fields, storage) and this node's copy (size, memory, where it lives)")
            .Produces<IReadOnlyList<TableInfo>>();

        tables.MapGet("/{name}", (string name, IOptions<BuxNodeOptions> options, NodeTables local, ActorSystem system) =>
                BuxTables.Find(name, options.Value.Storage) is { } table
                    ? Results.Ok(TableInfo.Of(table, local, Self(system)))
                    : Problems.Create(StatusCodes.Status404NotFound, "NotFound", "name",
                        $"no table '{name}'; tables are {string.Join(", ", BuxTables.TableNames())}"))
            .WithSummary("One table's definition and this node's copy of it (Mnesia's table_info)")
            .Produces<TableInfo>();
    }

    private static string Self(ActorSystem system) => Akka.Cluster.Cluster.Get(system).SelfAddress.ToString();
}
