using BlocksterV2.Domain.Validation;

namespace BlocksterV2.Domain.Posts;

/// <summary>The pure rules of a post's BUX pool: <see cref="Process"/> decides, <see cref="Apply"/> changes.</summary>
public static class PostBux
{
    public static Decision<IPostEvent, PostOutcome> Process(PostBuxState state, IPostCommand command, DateTime now)
    {
        if (Ids.Check(command.PostId, "postId") is { } badId)
            return badId;
        if (command is IIdempotent idempotent)
        {
            if (Ids.CheckOptionalKey(idempotent.IdempotencyKey) is { } badKey)
                return badKey;
            if (state.Keys.Find(idempotent.IdempotencyKey) is { } seen)
            {
                if (seen.Fingerprint != idempotent.Fingerprint)
                {
                    return new Rejection(RejectionCode.IdempotencyConflict, "idempotencyKey",
                        $"idempotency key '{idempotent.IdempotencyKey}' was already used for a different request");
                }
                if (seen.Result is not null)
                    return Decision<IPostEvent, PostOutcome>.Replayed(seen.Result);
            }
        }

        var record = state.Record;
        return command switch
        {
            ConfigurePost c => Amounts.CheckNonNegative(c.Reward, "reward")
                               ?? Amounts.CheckNonNegative(c.ReadTime, "readTime")
                               ?? Accept(new PostConfigured(c.Reward, c.ReadTime, now, c.IdempotencyKey)),
            DepositToPost c => Amounts.CheckPositive(c.Amount)
                               ?? Amounts.CheckAddition(record?.BuxBalance ?? 0, c.Amount, "amount")
                               ?? Amounts.CheckAddition(record?.BuxDeposited ?? 0, c.Amount, "amount")
                               ?? Accept(new PostDeposited(c.Amount, now, c.IdempotencyKey)),
            RewardRead c => CheckRead(state, c) ?? Accept(new ReadRewardReserved(c.UserId, record!.Reward, c.SecondsRead, now, c.IdempotencyKey)),
            ReadRewardCredited c => state.Pending.ContainsKey(c.UserId)
                ? Accept(new ReadRewardSettled(c.UserId, c.UserBalance, now))
                : Rejection.Invalid("userId", $"no reward for user '{c.UserId}' is pending on post '{c.PostId}'"),
            ReadRewardRefused c => state.Pending.ContainsKey(c.UserId)
                ? Accept(new ReadRewardCancelled(c.UserId, c.Rejection.Reason, now))
                : Rejection.Invalid("userId", $"no reward for user '{c.UserId}' is pending on post '{c.PostId}'"),
            _ => Rejection.Invalid("command", $"{command.GetType().Name} does not change a post"),
        };
    }

    /// <summary>The pending transfer a repeated read request is waiting for, if any.</summary>
    public static PendingReward? PendingFor(PostBuxState state, RewardRead command) =>
        state.Pending.TryGetValue(command.UserId, out var pending) && pending.IdempotencyKey == command.IdempotencyKey
            ? pending
            : null;

    public static PostBuxState Apply(PostBuxState state, IPostEvent e, string postId)
    {
        var record = state.Record ?? PostBuxPoints.New(postId, e.At);
        var rewarded = state.RewardedUsers;
        var pending = state.Pending;
        var keys = state.Keys;
        switch (e)
        {
            case PostConfigured c:
                record = record with { Reward = c.Reward, ReadTime = c.ReadTime };
                break;
            case PostDeposited d:
                record = record with { BuxBalance = record.BuxBalance + d.Amount, BuxDeposited = record.BuxDeposited + d.Amount };
                break;
            case ReadRewardReserved r:
                record = record with { BuxBalance = record.BuxBalance - r.Amount };
                pending = pending.SetItem(r.UserId, new PendingReward(r.UserId, r.Amount, r.SecondsRead, r.IdempotencyKey));
                keys = keys.Remember(r.IdempotencyKey, r.Fingerprint, null);
                break;
            case ReadRewardSettled s:
                var settled = pending[s.UserId];
                pending = pending.Remove(s.UserId);
                rewarded = rewarded.Add(s.UserId);
                record = Stamp(record, e);
                var read = new ReadRewarded(postId, s.UserId, settled.Amount, record.BuxBalance, s.UserBalance);
                keys = keys.Remember(settled.IdempotencyKey, $"read|{s.UserId}|{settled.SecondsRead}", new PostOutcome(null, read));
                return new PostBuxState(record, rewarded, pending, keys);
            case ReadRewardCancelled x:
                var cancelled = pending[x.UserId];
                pending = pending.Remove(x.UserId);
                record = record with { BuxBalance = record.BuxBalance + cancelled.Amount };
                keys = keys.Forget(cancelled.IdempotencyKey);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "unknown post event");
        }

        record = Stamp(record, e);
        keys = e switch
        {
            PostConfigured c => keys.Remember(c.IdempotencyKey, c.Fingerprint, new PostOutcome(record, null)),
            PostDeposited d => keys.Remember(d.IdempotencyKey, d.Fingerprint, new PostOutcome(record, null)),
            _ => keys,
        };
        return new PostBuxState(record, rewarded, pending, keys);
    }

    private static PostBuxPoints Stamp(PostBuxPoints record, IPostEvent e) =>
        record with { UpdatedAt = e.At, Version = record.Version + 1 };

    private static Rejection? CheckRead(PostBuxState state, RewardRead c)
    {
        if (Ids.Check(c.UserId, "userId") is { } badUser)
            return badUser;
        if (c.SecondsRead < 0)
            return Rejection.Invalid("secondsRead", $"secondsRead must not be negative (got {c.SecondsRead})");
        if (state.Record is not { } post)
            return new Rejection(RejectionCode.NotFound, "postId", $"post '{c.PostId}' does not exist");
        if (state.RewardedUsers.Contains(c.UserId) || state.Pending.ContainsKey(c.UserId))
        {
            return new Rejection(RejectionCode.AlreadyRewarded, "userId",
                $"user '{c.UserId}' was already rewarded for reading post '{c.PostId}'");
        }
        if (post.Reward == 0)
            return new Rejection(RejectionCode.RewardNotConfigured, "postId", $"post '{c.PostId}' has no reward configured");
        if (c.SecondsRead < post.ReadTime)
        {
            return new Rejection(RejectionCode.ReadTooShort, "secondsRead",
                $"read of {c.SecondsRead}s is shorter than the post's read time of {post.ReadTime}s");
        }
        if (post.BuxBalance < post.Reward)
        {
            return new Rejection(RejectionCode.PoolTooSmall, "postId",
                $"post '{c.PostId}' holds {post.BuxBalance} BUX, less than its reward of {post.Reward}");
        }
        return null;
    }

    private static Decision<IPostEvent, PostOutcome> Accept(IPostEvent e) => Decision<IPostEvent, PostOutcome>.Persist(e);
}
