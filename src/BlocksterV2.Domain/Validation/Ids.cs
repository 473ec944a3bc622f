namespace BlocksterV2.Domain.Validation;

/// <summary>Identifier rules shared by users, posts and idempotency keys (DESIGN: "Ids").</summary>
public static class Ids
{
    public const int MaxLength = 128;

    public static Rejection? Check(string? id, string field)
    {
        if (string.IsNullOrEmpty(id))
            return Rejection.Invalid(field, $"{field} must not be empty");
        if (id.Length > MaxLength)
            return Rejection.Invalid(field, $"{field} must be at most {MaxLength} characters (got {id.Length})");
        // a URL path segment "." or ".." is removed by every client and server before routing: no route could name it
        if (id is "." or "..")
            return Rejection.Invalid(field, $"{field} '{id}' cannot be addressed in a URL path: use other characters than dots alone");
        foreach (var c in id)
        {
            if (!IsAllowed(c))
                return Rejection.Invalid(field, $"{field} may contain only letters, digits and '_', '.', ':', '-' (found '{c}')");
        }
        return null;
    }

    /// <summary>The prefix of the keys the store gives its own steps (a rewarded read's credit): no client may use it.</summary>
    public const string ReservedKeyPrefix = "read-reward:";

    /// <summary>Idempotency keys are optional; when present they follow the id rules and do not start with <see cref="ReservedKeyPrefix"/>.</summary>
    public static Rejection? CheckOptionalKey(string? key)
    {
        if (key is null)
            return null;
        if (key.StartsWith(ReservedKeyPrefix, StringComparison.Ordinal))
            return Rejection.Invalid("idempotencyKey", $"idempotencyKey must not start with '{ReservedKeyPrefix}': the store keeps that prefix for rewarded reads");
        return Check(key, "idempotencyKey");
    }

    private static bool IsAllowed(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or '.' or ':' or '-';
}
