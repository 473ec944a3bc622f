using Akka.Actor;
using BlocksterV2.Cluster.Entities;
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
        var tables = app.MapGroup("/api/tables").WithTags("tables").WithMetadata(ShowsMoreWithApiKey.Instance);

        tables.MapGet("", (HttpRequest request, ApiKeyCheck apiKey, IOptions<BuxNodeOptions> options, NodeTables local, ActorSystem system) =>
                Results.Ok(BuxTables.Tables(options.Value.Storage).Select(t => Shown(TableInfo.Of(t, local, ResidentEntities.For(system).Counts(), Self(system)), apiKey, request)).ToList()))
            .WithSummary("The BUX tables: definitions (fields, key, indexed fields, storage), sizes, and this node's copy (where it lives; shown with X-Api-Key when the node has a key)")
            .Produces<IReadOnlyList<TableInfo>>();

        tables.MapGet("/{name}", async (string name, HttpRequest request, ApiKeyCheck apiKey, IOptions<BuxNodeOptions> options, NodeTables local,
                ActorSystem system) =>
            {
                if (BuxTables.Find(name, options.Value.Storage) is not { } table)
                {
                    return Problems.Create(StatusCodes.Status404NotFound, "NotFound", "name",
                        $"no table '{name}'; tables are {string.Join(", ", BuxTables.TableNames())}");
                }
                var info = TableInfo.Of(table, local, ResidentEntities.For(system).Counts(), Self(system), withDigest: true);
                if (!apiKey.Authorized(request))
                    return Results.Ok(Shown(info, apiKey, request));
                var own = info.Copy!;
                var copies = options.Value.Storage == StorageMode.DiscCopies
                    ? ClusterCopies.Of(await ClusterCopies.Ask(system, digests: true), table.Name)
                    // a RAM-only node does not replicate: its own copy is the only one it knows of
                    : [new MemberCopy(own.Node, Akka.Cluster.Cluster.Get(system).SelfMember.Status.ToString(), MemberCopy.RamOnly, info.Size,
                        own.AppliedPosition, 0, 0, own.Digest)];
                return Results.Ok(info with { Copies = copies });
            })
            .WithSummary("One table's definition, this node's copy of it (Mnesia's table_info) and every member's copy (state, rows, journal, behind, conflicts, digest)")
            .Produces<TableInfo>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>
    /// Without the key (on a node that has one) the definition and sizes only: the node's address, its file paths and
    /// the other members' copies are private, as on <c>/api/cluster</c>.
    /// </summary>
    private static TableInfo Shown(TableInfo info, ApiKeyCheck apiKey, HttpRequest request) =>
        apiKey.Authorized(request) ? info : info with { Copy = null, Copies = null };

    private static string Self(ActorSystem system) => Akka.Cluster.Cluster.Get(system).SelfAddress.ToString();
}
