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
        foreach (var c in id)
        {
            if (!IsAllowed(c))
                return Rejection.Invalid(field, $"{field} may contain only letters, digits and '_', '.', ':', '-' (found '{c}')");
        }
        return null;
    }

    /// <summary>Idempotency keys are optional; when present they follow the id rules.</summary>
    public static Rejection? CheckOptionalKey(string? key) =>
        key is null ? null : Check(key, "idempotencyKey");

    private static bool IsAllowed(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or '.' or ':' or '-';
}
