using Nethereum.Util;

namespace BlocksterV2.Domain.Validation;

/// <summary>
/// Smart-wallet addresses: <c>0x</c> followed by 40 hexadecimal digits. A mixed-case address carries an EIP-55
/// checksum (the case of each letter comes from the address's Keccak-256 hash) and must match it, so a mistyped
/// digit is caught; all-lower and all-upper addresses carry no checksum and stay valid, as in every wallet.
/// </summary>
public static class Wallets
{
    public static Rejection? Check(string? wallet, string field = "wallet")
    {
        if (wallet is null)
            return Rejection.Invalid(field, $"{field} is required");
        if (wallet.Length != 42 || !wallet.StartsWith("0x", StringComparison.Ordinal) || !wallet.AsSpan(2).ContainsOnlyHex())
            return Rejection.Invalid(field, $"{field} must be 0x followed by 40 hexadecimal digits");
        if (IsMixedCase(wallet.AsSpan(2)) && !AddressUtil.Current.IsChecksumAddress(wallet))
        {
            return Rejection.Invalid(field,
                $"{field} mixes upper and lower case but its EIP-55 checksum is wrong (expected {AddressUtil.Current.ConvertToChecksumAddress(wallet)}): check the address for a typo, or send it all in lower case");
        }
        return null;
    }

    /// <summary>Write-whole-record accepts an empty wallet (a user who has not linked one yet).</summary>
    public static Rejection? CheckOptional(string? wallet, string field = "userSmartWallet") =>
        string.IsNullOrEmpty(wallet) ? null : Check(wallet, field);

    private static bool IsMixedCase(ReadOnlySpan<char> hex) =>
        hex.ContainsAnyInRange('a', 'f') && hex.ContainsAnyInRange('A', 'F');

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
