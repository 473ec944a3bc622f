namespace BlocksterV2.Domain.Posts;

/// <summary>Something that happened to a post's BUX pool. Never deleted: the events are the ledger.</summary>
public interface IPostEvent : IBuxMessage
{
    DateTime At { get; }
}

public sealed record PostConfigured(long Reward, long ReadTime, DateTime At, string? IdempotencyKey) : IPostEvent
{
    public string Fingerprint => $"configure|{Reward}|{ReadTime}";
}

public sealed record PostDeposited(long Amount, DateTime At, string? IdempotencyKey) : IPostEvent
{
    public string Fingerprint => $"deposit|{Amount}";
}

/// <summary>Step one of a rewarded read: the reward leaves the pool and waits to reach the user.</summary>
public sealed record ReadRewardReserved(string UserId, long Amount, long SecondsRead, DateTime At, string? IdempotencyKey) : IPostEvent
{
    public string Fingerprint => $"read|{UserId}|{SecondsRead}";
}

/// <summary>Step two: the user holds the reward; the (post, user) pair is paid for good.</summary>
public sealed record ReadRewardSettled(string UserId, long UserBalance, DateTime At) : IPostEvent;

/// <summary>The user could not take the reward: it goes back into the pool.</summary>
public sealed record ReadRewardCancelled(string UserId, string Reason, DateTime At) : IPostEvent;
