using BlocksterV2.Domain.Validation;

namespace BlocksterV2.Domain.Users;

/// <summary>The pure rules of a user's BUX record: <see cref="Process"/> decides, <see cref="Apply"/> changes.</summary>
public static class UserBux
{
    public static Decision<IUserEvent, UserBuxPoints> Process(UserBuxState state, IUserCommand command, DateTime now)
    {
        if (Ids.Check(command.UserId, "userId") is { } badId)
            return badId;
        if (command is IIdempotent idempotent)
        {
            // the read-reward key is built from a post id, so it may exceed the length allowed for client keys
            if (command is not CreditReadReward && Ids.CheckOptionalKey(idempotent.IdempotencyKey) is { } badKey)
                return badKey;
            if (state.Keys.Find(idempotent.IdempotencyKey) is { } seen)
            {
                return seen.Fingerprint == idempotent.Fingerprint
                    ? Decision<IUserEvent, UserBuxPoints>.Replayed(seen.Result!)
                    : new Rejection(RejectionCode.IdempotencyConflict, "idempotencyKey",
                        $"idempotency key '{idempotent.IdempotencyKey}' was already used for a different request");
            }
        }

        var balance = state.Record?.BuxBalance ?? 0;
        return command switch
        {
            SetUserWallet c => Wallets.Check(c.Wallet) ?? Accept(new UserWalletSet(c.Wallet, now, c.IdempotencyKey)),
            CreditUser c => Amounts.CheckPositive(c.Amount)
                            ?? Amounts.CheckReason(c.Reason)
                            ?? Amounts.CheckAddition(balance, c.Amount, "amount")
                            ?? Accept(new UserCredited(c.Amount, c.Reason, now, c.IdempotencyKey)),
            DebitUser c => Amounts.CheckPositive(c.Amount)
                           ?? Amounts.CheckReason(c.Reason)
                           ?? (c.Amount > balance
                               ? new Rejection(RejectionCode.Overdraft, "amount",
                                   $"debit of {c.Amount} would overdraw user '{c.UserId}' (balance {balance})")
                               : null)
                           ?? Accept(new UserDebited(c.Amount, c.Reason, now, c.IdempotencyKey)),
            WriteUser c => CheckWrite(state, c) ?? Accept(new UserRecordWritten(c.ExpectedVersion, c.UserSmartWallet ?? "",
                c.BuxBalance, c.ExtraField1, c.ExtraField2, c.ExtraField3, c.ExtraField4, now, c.IdempotencyKey)),
            CreditReadReward c => Amounts.CheckPositive(c.Amount)
                                  ?? Amounts.CheckAddition(balance, c.Amount, "amount")
                                  ?? Accept(new UserReadRewarded(c.PostId, c.Amount, now)),
            GetUser => Rejection.Invalid("command", "GetUser is a query; answer it from the state"),
            CheckReadReward => Rejection.Invalid("command", "CheckReadReward is a query; answer it with ReadRewardRefusal"),
            _ => Rejection.Invalid("command", $"unknown user command {command.GetType().Name}"),
        };
    }

    /// <summary>Why the user could not take a read reward now, or null when the credit would be stored (or replayed).</summary>
    public static Rejection? ReadRewardRefusal(UserBuxState state, CheckReadReward check) =>
        Process(state, new CreditReadReward(check.UserId, check.PostId, check.Amount), DateTime.UnixEpoch).Rejection;

    public static UserBuxState Apply(UserBuxState state, IUserEvent e, string userId)
    {
        var record = state.Record ?? UserBuxPoints.New(userId, e.At);
        var version = record.Version + 1;
        // every event stamps the record; one copy per event (this runs for every credit, twice: entity and local table)
        record = e switch
        {
            UserWalletSet w => record with { UserSmartWallet = w.Wallet, UpdatedAt = e.At, Version = version },
            UserCredited c => record with { BuxBalance = record.BuxBalance + c.Amount, UpdatedAt = e.At, Version = version },
            UserDebited d => record with { BuxBalance = record.BuxBalance - d.Amount, UpdatedAt = e.At, Version = version },
            UserReadRewarded r => record with { BuxBalance = record.BuxBalance + r.Amount, UpdatedAt = e.At, Version = version },
            UserRecordWritten w => record with
            {
                UserSmartWallet = w.UserSmartWallet,
                BuxBalance = w.BuxBalance,
                ExtraField1 = w.ExtraField1,
                ExtraField2 = w.ExtraField2,
                ExtraField3 = w.ExtraField3,
                ExtraField4 = w.ExtraField4,
                UpdatedAt = e.At,
                Version = version,
            },
            _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "unknown user event"),
        };
        return new UserBuxState(record, state.Keys.Remember(e.IdempotencyKey, e.Fingerprint, record));
    }

    private static Rejection? CheckWrite(UserBuxState state, WriteUser c)
    {
        var version = state.Record?.Version ?? 0;
        if (c.ExpectedVersion != version)
        {
            return new Rejection(RejectionCode.VersionConflict, "expectedVersion",
                $"user '{c.UserId}' is at version {version}, not {c.ExpectedVersion}; read it again and retry");
        }
        return Wallets.CheckOptional(c.UserSmartWallet)
               ?? Amounts.CheckNonNegative(c.BuxBalance, "buxBalance")
               ?? CheckExtra(c.ExtraField1, "extraField1")
               ?? CheckExtra(c.ExtraField2, "extraField2")
               ?? CheckExtra(c.ExtraField3, "extraField3")
               ?? CheckExtra(c.ExtraField4, "extraField4");
    }

    public const int MaxExtraFieldLength = 1024;

    private static Rejection? CheckExtra(string? value, string field) =>
        value is { Length: > MaxExtraFieldLength }
            ? Rejection.Invalid(field, $"{field} must be at most {MaxExtraFieldLength} characters")
            : null;

    private static Decision<IUserEvent, UserBuxPoints> Accept(IUserEvent e) => Decision<IUserEvent, UserBuxPoints>.Persist(e);
}
