using System.Collections.Immutable;
using BlocksterV2.Domain.Idempotency;

namespace BlocksterV2.Domain.Posts;

/// <summary>A reward that has left the post's pool and not yet been confirmed by the user entity.</summary>
public sealed record PendingReward(string UserId, long Amount, long SecondsRead, string? IdempotencyKey);

/// <summary>What an idempotent post request produced: the post after a configure or deposit, or a rewarded read.</summary>
public sealed record PostOutcome(PostBuxPoints? Post, ReadRewarded? Read);

/// <summary>Everything a post entity knows.</summary>
public sealed record PostBuxState(
    PostBuxPoints? Record,
    ImmutableHashSet<string> RewardedUsers,
    ImmutableDictionary<string, PendingReward> Pending,
    IdempotencyLog<PostOutcome> Keys)
{
    public static PostBuxState Initial { get; } = new(
        null, ImmutableHashSet<string>.Empty, ImmutableDictionary<string, PendingReward>.Empty, IdempotencyLog<PostOutcome>.Empty);
}

/// <summary>A post entity's snapshot: the state in a serializable shape.</summary>
public sealed record PostBuxSnapshot(
    PostBuxPoints? Record,
    IReadOnlyList<string> RewardedUsers,
    IReadOnlyList<PendingReward> Pending,
    IReadOnlyList<IdempotencyEntry<PostOutcome>> Keys) : IBuxMessage
{
    public static PostBuxSnapshot From(PostBuxState state) =>
        new(state.Record, state.RewardedUsers.Order(StringComparer.Ordinal).ToList(), state.Pending.Values.ToList(), state.Keys.Entries.ToList());

    public PostBuxState ToState() => new(
        Record,
        RewardedUsers.ToImmutableHashSet(),
        Pending.ToImmutableDictionary(p => p.UserId),
        IdempotencyLog<PostOutcome>.From(Keys));
}
