namespace BlocksterV2.Domain.Posts;

/// <summary>A command for one post's BUX pool.</summary>
public interface IPostCommand : IWithPostId;

public sealed record GetPost(string PostId) : IPostCommand;

public sealed record ConfigurePost(string PostId, long Reward, long ReadTime, string? IdempotencyKey) : IPostCommand, IIdempotent
{
    public string Fingerprint => $"configure|{Reward}|{ReadTime}";
}

public sealed record DepositToPost(string PostId, long Amount, string? IdempotencyKey) : IPostCommand, IIdempotent
{
    public string Fingerprint => $"deposit|{Amount}";
}

/// <summary>A user read the post for <see cref="SecondsRead"/> seconds: pay them the post's reward, once.</summary>
public sealed record RewardRead(string PostId, string UserId, long SecondsRead, string? IdempotencyKey) : IPostCommand, IIdempotent
{
    public string Fingerprint => $"read|{UserId}|{SecondsRead}";
}
