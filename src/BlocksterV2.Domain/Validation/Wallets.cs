namespace BlocksterV2.Domain.Validation;

/// <summary>Smart-wallet addresses: <c>0x</c> followed by 40 hexadecimal digits.</summary>
public static class Wallets
{
    public static Rejection? Check(string? wallet, string field = "wallet")
    {
        if (wallet is null)
            return Rejection.Invalid(field, $"{field} is required");
        if (wallet.Length != 42 || !wallet.StartsWith("0x", StringComparison.Ordinal) || !wallet.AsSpan(2).ContainsOnlyHex())
            return Rejection.Invalid(field, $"{field} must be 0x followed by 40 hexadecimal digits");
        return null;
    }

    /// <summary>Write-whole-record accepts an empty wallet (a user who has not linked one yet).</summary>
    public static Rejection? CheckOptional(string? wallet, string field = "userSmartWallet") =>
        string.IsNullOrEmpty(wallet) ? null : Check(wallet, field);

    private static bool ContainsOnlyHex(this ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiHexDigit(c))
                return false;
        }
        return true;
    }
}
