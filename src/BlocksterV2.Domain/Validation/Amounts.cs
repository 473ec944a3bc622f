namespace BlocksterV2.Domain.Validation;

/// <summary>BUX amounts are whole, positive numbers; sums that would exceed <see cref="long.MaxValue"/> are refused.</summary>
public static class Amounts
{
    public static Rejection? CheckPositive(long amount, string field = "amount") =>
        amount > 0 ? null : Rejection.Invalid(field, $"{field} must be greater than 0 (got {amount})");

    public static Rejection? CheckNonNegative(long amount, string field) =>
        amount >= 0 ? null : Rejection.Invalid(field, $"{field} must not be negative (got {amount})");

    public static Rejection? CheckAddition(long current, long amount, string field) =>
        current > long.MaxValue - amount
            ? Rejection.Invalid(field, $"{field} would overflow: {current} + {amount} exceeds {long.MaxValue}")
            : null;

    public const int MaxReasonLength = 256;

    public static Rejection? CheckReason(string? reason) =>
        reason is { Length: > MaxReasonLength }
            ? Rejection.Invalid("reason", $"reason must be at most {MaxReasonLength} characters")
            : null;
}
