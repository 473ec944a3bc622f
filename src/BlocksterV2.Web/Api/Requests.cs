namespace BlocksterV2.Web.Api;

public sealed record WriteUserRequest(
    long ExpectedVersion,
    string? UserSmartWallet,
    long BuxBalance,
    string? ExtraField1,
    string? ExtraField2,
    string? ExtraField3,
    string? ExtraField4,
    string? IdempotencyKey);

public sealed record SetWalletRequest(string? Wallet, string? IdempotencyKey);

public sealed record AmountRequest(long Amount, string? Reason, string? IdempotencyKey);

public sealed record PostSettingsRequest(long Reward, long ReadTime, string? IdempotencyKey);

public sealed record DepositRequest(long Amount, string? IdempotencyKey);

public sealed record ReadRequest(string? UserId, long SecondsRead, string? IdempotencyKey);
