using BlocksterV2.Domain.Users;
using BlocksterV2.Domain.Validation;

namespace BlocksterV2.Domain.Tests;

public class WalletsSpecs
{
    [Theory]
    [InlineData("0x52908400098527886e0f7030069857d2e4169ee7")]
    [InlineData("0x52908400098527886E0F7030069857D2E4169EE7")]
    [InlineData("0x0000000000000000000000000000000000000000")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")] // EIP-55's own examples of checksummed addresses
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    public void Zero_x_followed_by_forty_hex_digits_is_a_wallet(string wallet)
    {
        Assert.Equal(42, wallet.Length);
        Assert.Null(Wallets.Check(wallet));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0x")]
    [InlineData("0x52908400098527886e0f7030069857d2e4169ee")] // 39 digits
    [InlineData("0x52908400098527886e0f7030069857d2e4169ee71")] // 41 digits
    [InlineData("52908400098527886e0f7030069857d2e4169ee7ab")] // 42 characters, no prefix
    [InlineData("0X52908400098527886e0f7030069857d2e4169ee7")] // capital X
    [InlineData("1x52908400098527886e0f7030069857d2e4169ee7")]
    [InlineData("0x52908400098527886e0f7030069857d2e4169eg7")] // g is not hex
    [InlineData("0x52908400098527886e0f7030069857d2e4169e 7")]
    [InlineData("0x5290840009852788６e0f7030069857d2e4169ee7")] // full-width digit six
    public void Anything_else_is_refused_naming_the_field(string wallet)
    {
        var rejection = Assert.IsType<Rejection>(Wallets.Check(wallet));
        Assert.Equal(RejectionCode.InvalidInput, rejection.Code);
        Assert.Equal("wallet", rejection.Field);

        var named = Assert.IsType<Rejection>(Wallets.Check(wallet, "userSmartWallet"));
        Assert.Equal("userSmartWallet", named.Field);
    }

    [Theory]
    [InlineData("0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")] // one letter's case flipped
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5D359", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")] // the last letter
    [InlineData("0xdbf03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    public void A_mixed_case_address_with_a_wrong_checksum_is_refused_naming_the_checksummed_form(string wallet, string checksummed)
    {
        var rejection = Assert.IsType<Rejection>(Wallets.Check(wallet));
        Assert.Equal(RejectionCode.InvalidInput, rejection.Code);
        Assert.Equal("wallet", rejection.Field);
        Assert.Contains("EIP-55 checksum", rejection.Reason);
        Assert.Contains($"expected {checksummed}", rejection.Reason);
        Assert.Null(Wallets.Check(wallet.ToLowerInvariant()));
        Assert.Null(Wallets.Check("0x" + wallet[2..].ToUpperInvariant()));
    }

    [Fact]
    public void A_missing_wallet_is_refused_when_required()
    {
        var rejection = Assert.IsType<Rejection>(Wallets.Check(null));
        Assert.Equal(RejectionCode.InvalidInput, rejection.Code);
        Assert.Equal("wallet", rejection.Field);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void An_optional_wallet_may_be_absent(string? wallet) =>
        Assert.Null(Wallets.CheckOptional(wallet));

    [Fact]
    public void An_optional_wallet_that_is_present_must_be_valid()
    {
        Assert.Null(Wallets.CheckOptional(TestData.Wallet));
        var rejection = Assert.IsType<Rejection>(Wallets.CheckOptional("0x1234"));
        Assert.Equal(RejectionCode.InvalidInput, rejection.Code);
        Assert.Equal("userSmartWallet", rejection.Field);
    }

    [Fact]
    public void Setting_a_valid_wallet_records_it()
    {
        var decision = UserBux.Process(UserBuxState.Initial, new SetUserWallet("u1", TestData.Wallet, null), Given.At(3));
        var e = Assert.IsType<UserWalletSet>(decision.Event);
        Assert.Equal(TestData.Wallet, e.Wallet);
        Assert.Equal(Given.At(3), e.At);

        var state = UserBux.Apply(UserBuxState.Initial, e, "u1");
        Assert.Equal(TestData.Wallet, state.Record!.UserSmartWallet);
        Assert.Equal(0, state.Record.BuxBalance);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0x123")]
    [InlineData("not-a-wallet")]
    public void Setting_an_invalid_wallet_is_refused_and_changes_nothing(string wallet)
    {
        var state = Given.User("u1", 10);
        Given.Rejected(UserBux.Process(state, new SetUserWallet("u1", wallet, null), Given.At(1)), RejectionCode.InvalidInput, "wallet");
        Assert.Equal("", state.Record!.UserSmartWallet);
    }

    [Fact]
    public void Writing_a_record_with_an_invalid_wallet_is_refused()
    {
        var command = new WriteUser("u1", 0, "0xnothex", 5, null, null, null, null, null);
        Given.Rejected(UserBux.Process(UserBuxState.Initial, command, Given.T0), RejectionCode.InvalidInput, "userSmartWallet");
    }
}
