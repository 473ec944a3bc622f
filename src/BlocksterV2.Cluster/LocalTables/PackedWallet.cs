using System.Globalization;

namespace BlocksterV2.Cluster.LocalTables;

/// <summary>
/// A smart-wallet address (<c>0x</c> + 40 hex digits) in 28 bytes instead of a 104-byte string: the 20 bytes it
/// encodes plus which of its digits were upper case, so the address reads back exactly as it was written
/// (checksummed addresses mix cases). Anything else (the empty wallet) is kept as <see cref="Empty"/>.
/// </summary>
public readonly struct PackedWallet : IEquatable<PackedWallet>
{
    private const ulong Present = 1UL << 63;
    private readonly ulong _high;
    private readonly ulong _middle;
    private readonly ulong _upperCaseAndPresent;
    private readonly uint _low;

    private PackedWallet(ulong high, ulong middle, uint low, ulong upperCaseAndPresent)
    {
        _high = high;
        _middle = middle;
        _low = low;
        _upperCaseAndPresent = upperCaseAndPresent;
    }

    public static PackedWallet Empty => default;

    /// <summary>Packs a valid address; any other value (only the empty wallet reaches a table) packs as empty.</summary>
    public static PackedWallet Pack(string wallet)
    {
        if (wallet.Length != 42 || !wallet.StartsWith("0x", StringComparison.Ordinal))
            return Empty;
        var digits = wallet.AsSpan(2);
        if (!ulong.TryParse(digits[..16], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var high)
            || !ulong.TryParse(digits[16..32], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var middle)
            || !uint.TryParse(digits[32..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var low))
            return Empty;
        var upperCase = 0UL;
        for (var i = 0; i < digits.Length; i++)
        {
            if (char.IsAsciiLetterUpper(digits[i]))
                upperCase |= 1UL << i;
        }
        return new PackedWallet(high, middle, low, upperCase | Present);
    }

    public string Unpack() =>
        (_upperCaseAndPresent & Present) == 0 ? "" : string.Create(42, this, static (chars, wallet) => wallet.Write(chars));

    private void Write(Span<char> chars)
    {
        chars[0] = '0';
        chars[1] = 'x';
        var digits = chars[2..];
        _high.TryFormat(digits[..16], out _, "x16", CultureInfo.InvariantCulture);
        _middle.TryFormat(digits[16..32], out _, "x16", CultureInfo.InvariantCulture);
        _low.TryFormat(digits[32..], out _, "x8", CultureInfo.InvariantCulture);
        for (var i = 0; i < digits.Length; i++)
        {
            if ((_upperCaseAndPresent & (1UL << i)) != 0)
                digits[i] = char.ToUpperInvariant(digits[i]);
        }
    }

    public bool Equals(PackedWallet other) =>
        _high == other._high && _middle == other._middle && _low == other._low && _upperCaseAndPresent == other._upperCaseAndPresent;

    public override bool Equals(object? obj) => obj is PackedWallet other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_high, _middle, _low, _upperCaseAndPresent);
}
