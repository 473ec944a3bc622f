using BlocksterV2.Domain.Idempotency;

namespace BlocksterV2.Domain.Users;

/// <summary>Everything a user entity knows: its record (null until the first event) and its recent idempotency keys.</summary>
public sealed record UserBuxState(UserBuxPoints? Record, IdempotencyLog<UserBuxPoints> Keys)
{
    public static UserBuxState Initial { get; } = new(null, IdempotencyLog<UserBuxPoints>.Empty);
}

/// <summary>A user entity's snapshot: the state in a serializable shape.</summary>
public sealed record UserBuxSnapshot(UserBuxPoints? Record, IReadOnlyList<IdempotencyEntry<UserBuxPoints>> Keys) : IBuxMessage
{
    public static UserBuxSnapshot From(UserBuxState state) => new(state.Record, state.Keys.Entries.ToList());

    public UserBuxState ToState() => new(Record, IdempotencyLog<UserBuxPoints>.From(Keys));
}
