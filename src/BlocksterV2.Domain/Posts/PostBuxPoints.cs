namespace BlocksterV2.Domain.Posts;

/// <summary>One row of <c>post_bux_points</c>, field for field, plus the number of events that built it.</summary>
public sealed record PostBuxPoints(
    string PostId,
    long Reward,
    long ReadTime,
    long BuxBalance,
    long BuxDeposited,
    string? ExtraField1,
    string? ExtraField2,
    string? ExtraField3,
    string? ExtraField4,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    long Version) : IBuxMessage
{
    public static PostBuxPoints New(string postId, DateTime at) =>
        new(postId, 0, 0, 0, 0, null, null, null, null, at, at, 0);
}
