namespace BlocksterV2.Domain;

/// <summary>Why a command was refused. Each code maps to one HTTP status in the web tier.</summary>
public enum RejectionCode
{
    InvalidInput,
    NotFound,
    Overdraft,
    VersionConflict,
    IdempotencyConflict,
    AlreadyRewarded,
    ReadTooShort,
    PoolTooSmall,
    RewardNotConfigured,

    /// <summary>The event could not be stored; nothing changed.</summary>
    StorageUnavailable,
}

/// <summary>A refused command: nothing was changed. <paramref name="Field"/> names the offending input.</summary>
public sealed record Rejection(RejectionCode Code, string Field, string Reason) : IBuxMessage
{
    public static Rejection Invalid(string field, string reason) => new(RejectionCode.InvalidInput, field, reason);

    public static Rejection StorageUnavailable(Exception cause) => new(RejectionCode.StorageUnavailable, "",
        $"the change could not be stored ({cause.GetBaseException().Message}); nothing was changed; retry with the same idempotency key");
}
