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
}

/// <summary>A refused command: nothing was changed. <paramref name="Field"/> names the offending input.</summary>
public sealed record Rejection(RejectionCode Code, string Field, string Reason) : IBuxMessage
{
    public static Rejection Invalid(string field, string reason) => new(RejectionCode.InvalidInput, field, reason);
}
