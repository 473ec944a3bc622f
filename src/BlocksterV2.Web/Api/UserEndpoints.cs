using Akka.Hosting;
using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Cluster.Sharding;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Web.Api;

public static class UserEndpoints
{
    public static void MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").WithTags("users").RequireReadyNode();

        users.MapGet("/{id}", (string id, string? consistency, EntityAsk ask, IRequiredActor<UserBuxRegion> region, NodeTables tables) =>
                LocalReads.CheckConsistency(consistency) is { } bad ? Task.FromResult(Problems.From(bad))
                : consistency == LocalReads.Local ? Task.FromResult(LocalReads.Row(tables.Users, id, "userId", row => row.ToRecord()))
                : ask.Send(region.ActorRef, new GetUser(id), (id, "userId")))
            .WithSummary("Read a user's BUX record: through its entity (consistency=entity, the default) or from this node's table (consistency=local)")
            .Produces<UserBuxPoints>()
            .AsksAnEntity()
            .ProducesProblem(StatusCodes.Status404NotFound);

        users.MapGet("", (string? minBalance, string? maxBalance, string? updatedSince, string? limit, string? after, NodeTables tables) =>
                LocalReads.Range(tables.Users, minBalance, maxBalance, updatedSince, limit, after, row => row.ToRecord()))
            .WithSummary("Users by balance range (inclusive) and/or updated since a time, from this node's table; paged with the 'next' cursor")
            .Produces<RangeResult<UserBuxPoints>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        // every write is idempotent: a key reused for another request is 409, as are the conflicts each route names
        var writes = users.MapGroup("").RequireApiKey().TakesJsonBody().AsksAnEntity().ProducesProblem(StatusCodes.Status409Conflict);

        writes.MapPut("/{id}", (string id, WriteUserRequest body, EntityAsk ask, IRequiredActor<UserBuxRegion> region) =>
                ask.Send(region.ActorRef, new WriteUser(id, body.ExpectedVersion, body.UserSmartWallet, body.BuxBalance,
                    body.ExtraField1, body.ExtraField2, body.ExtraField3, body.ExtraField4, body.IdempotencyKey), (id, "userId")))
            .WithSummary("Replace a user's record when its version is still expectedVersion (0 creates it)")
            .Produces<UserBuxPoints>();

        writes.MapPut("/{id}/wallet", (string id, SetWalletRequest body, EntityAsk ask, IRequiredActor<UserBuxRegion> region) =>
                ask.Send(region.ActorRef, new SetUserWallet(id, body.Wallet, body.IdempotencyKey), (id, "userId")))
            .WithSummary("Set a user's smart wallet address")
            .Produces<UserBuxPoints>();

        writes.MapPost("/{id}/credit", (string id, AmountRequest body, EntityAsk ask, IRequiredActor<UserBuxRegion> region) =>
                ask.Send(region.ActorRef, new CreditUser(id, body.Amount, body.Reason, body.IdempotencyKey), (id, "userId")))
            .WithSummary("Add BUX to a user's balance; answered once the event is durable")
            .Produces<UserBuxPoints>();

        writes.MapPost("/{id}/debit", (string id, AmountRequest body, EntityAsk ask, IRequiredActor<UserBuxRegion> region) =>
                ask.Send(region.ActorRef, new DebitUser(id, body.Amount, body.Reason, body.IdempotencyKey), (id, "userId")))
            .WithSummary("Take BUX from a user's balance; refused with 409 when it would overdraw")
            .Produces<UserBuxPoints>();
    }
}
