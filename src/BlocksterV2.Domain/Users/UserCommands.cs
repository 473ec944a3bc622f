using BlocksterV2.Domain.Validation;

namespace BlocksterV2.Domain.Users;

/// <summary>A command for one user's BUX record.</summary>
public interface IUserCommand : IWithUserId;

public sealed record GetUser(string UserId) : IUserCommand;

public sealed record SetUserWallet(string UserId, string Wallet, string? IdempotencyKey) : IUserCommand, IIdempotent
{
    public string Fingerprint => $"wallet|{Wallet}";
}

public sealed record CreditUser(string UserId, long Amount, string? Reason, string? IdempotencyKey) : IUserCommand, IIdempotent
{
    public string Fingerprint => $"credit|{Amount}|{Reason}";
}

public sealed record DebitUser(string UserId, long Amount, string? Reason, string? IdempotencyKey) : IUserCommand, IIdempotent
{
    public string Fingerprint => $"debit|{Amount}|{Reason}";
}

/// <summary>The Elixir service's <c>:mnesia.write</c>: replace the record's fields when its version is still <see cref="ExpectedVersion"/>.</summary>
public sealed record WriteUser(
    string UserId,
    long ExpectedVersion,
    string? UserSmartWallet,
    long BuxBalance,
    string? ExtraField1,
    string? ExtraField2,
    string? ExtraField3,
    string? ExtraField4,
    string? IdempotencyKey) : IUserCommand, IIdempotent
{
    public string Fingerprint =>
        $"write|{ExpectedVersion}|{UserSmartWallet}|{BuxBalance}|{ExtraField1}|{ExtraField2}|{ExtraField3}|{ExtraField4}";
}

/// <summary>
/// Asked by a post before it reserves a reward: could this user take <see cref="Amount"/> now? A refusal then
/// stores nothing on either side. Answered with a <see cref="Posts.ReadRewardChecked"/>; changes nothing.
/// </summary>
public sealed record CheckReadReward(string UserId, string PostId, long Amount) : IUserCommand;

/// <summary>Second step of rewarding a read: the post has already taken <see cref="Amount"/> from its pool.</summary>
public sealed record CreditReadReward(string UserId, string PostId, long Amount) : IUserCommand, IIdempotent
{
    public string? IdempotencyKey => KeyFor(PostId);
    public string Fingerprint => $"read-reward|{PostId}|{Amount}";

    public static string KeyFor(string postId) => $"{Ids.ReservedKeyPrefix}{postId}";
}
