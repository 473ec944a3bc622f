namespace BlocksterV2.Domain;

/// <summary>Every message that is persisted or crosses the wire; serialized by the project's own serializer.</summary>
public interface IBuxMessage;

/// <summary>Routed to the user entity named by <see cref="UserId"/>.</summary>
public interface IWithUserId : IBuxMessage
{
    string UserId { get; }
}

/// <summary>Routed to the post entity named by <see cref="PostId"/>.</summary>
public interface IWithPostId : IBuxMessage
{
    string PostId { get; }
}

/// <summary>A mutation that may carry an idempotency key.</summary>
public interface IIdempotent
{
    string? IdempotencyKey { get; }

    /// <summary>What the request asked for; the same key with another fingerprint is a conflict.</summary>
    string Fingerprint { get; }
}
