namespace BlocksterV2.Domain.Users;

/// <summary>Something that happened to a user's BUX record. Never deleted: the events are the ledger.</summary>
public interface IUserEvent : IBuxMessage
{
    DateTime At { get; }
    string? IdempotencyKey { get; }
    string Fingerprint { get; }
}

public sealed record UserWalletSet(string Wallet, DateTime At, string? IdempotencyKey) : IUserEvent
{
    public string Fingerprint => $"wallet|{Wallet}";
}

public sealed record UserCredited(long Amount, string? Reason, DateTime At, string? IdempotencyKey) : IUserEvent
{
    public string Fingerprint => $"credit|{Amount}|{Reason}";
}

public sealed record UserDebited(long Amount, string? Reason, DateTime At, string? IdempotencyKey) : IUserEvent
{
    public string Fingerprint => $"debit|{Amount}|{Reason}";
}

public sealed record UserRecordWritten(
    long ExpectedVersion,
    string UserSmartWallet,
    long BuxBalance,
    string? ExtraField1,
    string? ExtraField2,
    string? ExtraField3,
    string? ExtraField4,
    DateTime At,
    string? IdempotencyKey) : IUserEvent
{
    public string Fingerprint =>
        $"write|{ExpectedVersion}|{UserSmartWallet}|{BuxBalance}|{ExtraField1}|{ExtraField2}|{ExtraField3}|{ExtraField4}";
}

public sealed record UserReadRewarded(string PostId, long Amount, DateTime At) : IUserEvent
{
    public string? IdempotencyKey => CreditReadReward.KeyFor(PostId);
    public string Fingerprint => $"read-reward|{PostId}|{Amount}";
}
