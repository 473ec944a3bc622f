using BlocksterV2.Cluster.LocalTables;

namespace BlocksterV2.Cluster.Tests.LocalTableSpecs;

/// <summary>A wallet packed into the row reads back exactly as written, including the case of every digit.</summary>
public sealed class PackedWalletSpecs
{
    [Theory]
    [InlineData("0x52908400098527886E0F7030069857D2E4169EE7")] // EIP-55 checksummed: mixed case
    [InlineData("0x00112233445566778899aAbBcCdDeEfF00112233")]
    [InlineData("0xabcdefabcdefabcdefabcdefabcdefabcdefabcd")]
    [InlineData("0xABCDEFABCDEFABCDEFABCDEFABCDEFABCDEFABCD")]
    [InlineData("0x0000000000000000000000000000000000000000")]
    [InlineData("0xffffffffffffffffffffffffffffffffffffffff")]
    public void A_valid_address_round_trips_exactly(string wallet) =>
        Assert.Equal(wallet, PackedWallet.Pack(wallet).Unpack());

    [Fact]
    public void The_empty_wallet_round_trips_as_empty()
    {
        Assert.Equal("", PackedWallet.Pack("").Unpack());
        Assert.Equal(PackedWallet.Empty, PackedWallet.Pack(""));
    }

    [Fact]
    public void The_all_zero_address_is_not_confused_with_the_empty_wallet() =>
        Assert.NotEqual(PackedWallet.Empty, PackedWallet.Pack("0x0000000000000000000000000000000000000000"));

    [Fact]
    public void Addresses_that_differ_only_in_case_pack_differently()
    {
        var lower = PackedWallet.Pack("0xabcdefabcdefabcdefabcdefabcdefabcdefabcd");
        var oneUpper = PackedWallet.Pack("0xabcdefabcdefabcdefabcdefabcdefabcdefabcD");
        Assert.NotEqual(lower, oneUpper);
        Assert.Equal("0xabcdefabcdefabcdefabcdefabcdefabcdefabcD", oneUpper.Unpack());
    }

    [Fact]
    public void Random_mixed_case_addresses_round_trip()
    {
        var random = new Random(99);
        const string digits = "0123456789abcdefABCDEF";
        for (var n = 0; n < 2000; n++)
        {
            var wallet = "0x" + new string(Enumerable.Range(0, 40).Select(_ => digits[random.Next(digits.Length)]).ToArray());
            Assert.Equal(wallet, PackedWallet.Pack(wallet).Unpack());
        }
    }
}
