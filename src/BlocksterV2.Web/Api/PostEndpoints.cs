using Akka.Hosting;
using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Cluster.Sharding;
using BlocksterV2.Domain.Posts;

namespace BlocksterV2.Web.Api;

public static class PostEndpoints
{
    public static void MapPostEndpoints(this IEndpointRouteBuilder app)
    {
        var posts = app.MapGroup("/api/posts").WithTags("posts").RequireReadyNode();

        posts.MapGet("/{id}", (string id, string? consistency, EntityAsk ask, IRequiredActor<PostBuxRegion> region, NodeTables tables) =>
                LocalReads.CheckConsistency(consistency) is { } bad ? Task.FromResult(Problems.From(bad))
                : consistency == LocalReads.Local ? Task.FromResult(LocalReads.Row(tables.Posts, id, "postId", row => row.Record))
                : ask.Send(region.ActorRef, new GetPost(id), (id, "postId")))
            .WithSummary("Read a post's BUX pool: through its entity (consistency=entity, the default) or from this node's table (consistency=local)")
            .Produces<PostBuxPoints>()
            .AsksAnEntity()
            .ProducesProblem(StatusCodes.Status404NotFound);

        posts.MapGet("", (string? minBalance, string? maxBalance, string? updatedSince, string? limit, string? after, NodeTables tables) =>
                LocalReads.Range(tables.Posts, minBalance, maxBalance, updatedSince, limit, after, row => row.Record))
            .WithSummary("Posts by pool balance range (inclusive) and/or updated since a time, from this node's table; paged with the 'next' cursor")
            .Produces<RangeResult<PostBuxPoints>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        // every write is idempotent: a key reused for another request is 409, as are the conflicts each route names
        var writes = posts.MapGroup("").RequireApiKey().TakesJsonBody().AsksAnEntity().ProducesProblem(StatusCodes.Status409Conflict);

        writes.MapPut("/{id}/settings", (string id, PostSettingsRequest body, EntityAsk ask, IRequiredActor<PostBuxRegion> region) =>
                ask.Send(region.ActorRef, new ConfigurePost(id, body.Reward, body.ReadTime, body.IdempotencyKey), (id, "postId")))
            .WithSummary("Set the reward a reader earns and the seconds a read must last")
            .Produces<PostBuxPoints>();

        writes.MapPost("/{id}/deposit", (string id, DepositRequest body, EntityAsk ask, IRequiredActor<PostBuxRegion> region) =>
                ask.Send(region.ActorRef, new DepositToPost(id, body.Amount, body.IdempotencyKey), (id, "postId")))
            .WithSummary("Add BUX to a post's reward pool (bux_balance and bux_deposited grow)")
            .Produces<PostBuxPoints>();

        writes.MapPost("/{id}/reads", (string id, ReadRequest body, EntityAsk ask, IRequiredActor<PostBuxRegion> region) =>
                ask.Send(region.ActorRef, new RewardRead(id, body.UserId, body.SecondsRead, body.IdempotencyKey), (id, "postId"), (body.UserId, "userId")))
            .WithSummary("Reward a read: move the post's reward from its pool to the reader, once per (post, user); 404 when the post does not exist")
            .Produces<ReadRewarded>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
