namespace BlocksterV2.Domain.Users;

/// <summary>One row of <c>user_bux_points</c>, field for field, plus the number of events that built it.</summary>
public sealed record UserBuxPoints(
    string UserId,
    string UserSmartWallet,
    long BuxBalance,
    string? ExtraField1,
    string? ExtraField2,
    string? ExtraField3,
    string? ExtraField4,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    long Version) : IBuxMessage
{
    public static UserBuxPoints New(string userId, DateTime at) =>
        new(userId, "", 0, null, null, null, null, at, at, 0);
}
