namespace BlocksterV2.Testing;

/// <summary>Sample values the specs of several projects use, so each names the same thing the same way.</summary>
public static class TestData
{
    /// <summary>A valid, EIP-55 checksummed wallet address (mixed case).</summary>
    public const string Wallet = "0x52908400098527886E0F7030069857D2E4169EE7";
}
