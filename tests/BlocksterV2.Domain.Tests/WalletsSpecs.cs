using BlocksterV2.Domain.Users;
using BlocksterV2.Domain.Validation;

namespace BlocksterV2.Domain.Tests;

public class WalletsSpecs
{
    [Theory]
    [InlineData("0x52908400098527886e0f7030069857d2e4169ee7")]
    [InlineData("0x52908400098527886E0F7030069857D2E4169EE7")]
    [InlineData("0x0000000000000000000000000000000000000000")]
    [InlineData("0xABCDEFabcdef0123456789ABCDEFabcdef012345")]
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
        Assert.Null(Wallets.CheckOptional(Given.Wallet));
        var rejection = Assert.IsType<Rejection>(Wallets.CheckOptional("0x1234"));
        Assert.Equal(RejectionCode.InvalidInput, rejection.Code);
        Assert.Equal("userSmartWallet", rejection.Field);
    }

    [Fact]
    public void Setting_a_valid_wallet_records_it()
    {
        var decision = UserBux.Process(UserBuxState.Initial, new SetUserWallet("u1", Given.Wallet, null), Given.At(3));
        var e = Assert.IsType<UserWalletSet>(decision.Event);
        Assert.Equal(Given.Wallet, e.Wallet);
        Assert.Equal(Given.At(3), e.At);

        var state = UserBux.Apply(UserBuxState.Initial, e, "u1");
        Assert.Equal(Given.Wallet, state.Record!.UserSmartWallet);
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
