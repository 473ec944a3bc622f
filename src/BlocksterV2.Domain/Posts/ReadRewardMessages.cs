namespace BlocksterV2.Domain.Posts;

/// <summary>The answer to a rewarded read once both steps are done.</summary>
public sealed record ReadRewarded(string PostId, string UserId, long Reward, long PostBalance, long UserBalance) : IBuxMessage;

/// <summary>The user entity credited the reward (or had already): the post can settle the transfer.</summary>
public sealed record ReadRewardCredited(string PostId, string UserId, long UserBalance) : IPostCommand;

/// <summary>The user entity cannot take the reward (its balance would overflow): the post refunds its pool.</summary>
public sealed record ReadRewardRefused(string PostId, string UserId, Rejection Rejection) : IPostCommand;

/// <summary>
/// The reader's answer to <see cref="Users.CheckReadReward"/>: null means it can take the reward (the post reserves
/// it and the transfer goes on as usual); a refusal is answered to the caller with nothing stored.
/// </summary>
public sealed record ReadRewardChecked(string PostId, string UserId, Rejection? Refusal) : IPostCommand;

/// <summary>Sent to a post after a restart so that transfers cut between their two steps finish.</summary>
public sealed record ResumePendingRewards(string PostId) : IPostCommand;
