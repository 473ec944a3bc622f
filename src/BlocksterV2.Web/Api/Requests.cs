namespace BlocksterV2.Web.Api;

// Fields a request may leave out have a default here: the OpenAPI document lists a field as required only when its
// constructor parameter has none, so the document says what the deserializer really accepts.

public sealed record WriteUserRequest(
    long ExpectedVersion,
    long BuxBalance,
    string? UserSmartWallet = null,
    string? ExtraField1 = null,
    string? ExtraField2 = null,
    string? ExtraField3 = null,
    string? ExtraField4 = null,
    string? IdempotencyKey = null);

public sealed record SetWalletRequest(string Wallet, string? IdempotencyKey = null);

public sealed record AmountRequest(long Amount, string? Reason = null, string? IdempotencyKey = null);

public sealed record PostSettingsRequest(long Reward, long ReadTime, string? IdempotencyKey = null);

public sealed record DepositRequest(long Amount, string? IdempotencyKey = null);

public sealed record ReadRequest(string UserId, long SecondsRead, string? IdempotencyKey = null);
