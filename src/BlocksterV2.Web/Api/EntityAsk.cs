using Akka.Actor;
using BlocksterV2.Cluster.Hosting;
using BlocksterV2.Domain;
using BlocksterV2.Domain.Validation;
using Microsoft.Extensions.Options;

namespace BlocksterV2.Web.Api;

/// <summary>Asks an entity through its shard region and turns the answer into an HTTP result.</summary>
public sealed class EntityAsk(IOptions<BuxNodeOptions> options, ILogger<EntityAsk> log)
{
    private readonly TimeSpan _timeout = options.Value.AskTimeout;

    public async Task<IResult> Send(IActorRef region, IBuxMessage command, params (string? Id, string Field)[] ids)
    {
        foreach (var (id, field) in ids)
        {
            if (Ids.Check(id, field) is { } rejection)
                return Problems.From(rejection);
        }
        try
        {
            var reply = await region.Ask<object>(command, _timeout);
            return reply is Rejection rejection ? Problems.From(rejection) : Results.Ok(reply);
        }
        catch (AskTimeoutException)
        {
            var entity = command switch
            {
                IWithUserId u => $"user {u.UserId}",
                IWithPostId p => $"post {p.PostId}",
                _ => "its entity",
            };
            log.LogWarning("{Command} to {Entity} got no answer within {Timeout}s: answered 504 (the client may retry with the same idempotency " +
                           "key). If it repeats, check the node hosting it: its log around this time and pbm cluster-sharding region-stats.",
                command.GetType().Name, entity, _timeout.TotalSeconds);
            return Problems.Create(StatusCodes.Status504GatewayTimeout, "EntityTimeout", null,
                $"the entity did not answer within {_timeout.TotalSeconds:0.###}s; the operation may still complete; retry with the same idempotency key");
        }
    }
}
