using Akka.Actor;
using BlocksterV2.Cluster.Hosting;
using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Cluster.Replication;
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

        tables.MapGet("/{name}", async (string name, IOptions<BuxNodeOptions> options, NodeTables local, ActorSystem system) =>
            {
                if (BuxTables.Find(name, options.Value.Storage) is not { } table)
                {
                    return Problems.Create(StatusCodes.Status404NotFound, "NotFound", "name",
                        $"no table '{name}'; tables are {string.Join(", ", BuxTables.TableNames())}");
                }
                var info = TableInfo.Of(table, local, Self(system), withDigest: true);
                var copies = options.Value.Storage == StorageMode.DiscCopies
                    ? ClusterCopies.Of(await ClusterCopies.Ask(system, digests: true), table.Name)
                    // a RAM-only node does not replicate: its own copy is the only one it knows of
                    : [new MemberCopy(info.Copy.Node, Akka.Cluster.Cluster.Get(system).SelfMember.Status.ToString(), MemberCopy.RamOnly, info.Size,
                        info.Copy.AppliedPosition, 0, 0, info.Copy.Digest)];
                return Results.Ok(info with { Copies = copies });
            })
            .WithSummary("One table's definition, this node's copy of it (Mnesia's table_info) and every member's copy (state, rows, journal, behind, conflicts, digest)")
            .Produces<TableInfo>();
    }

    private static string Self(ActorSystem system) => Akka.Cluster.Cluster.Get(system).SelfAddress.ToString();
}
