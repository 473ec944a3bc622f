using BlocksterV2.Domain.Validation;

namespace BlocksterV2.Domain.Tests;

public class AmountsSpecs
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(long.MinValue)]
    public void An_amount_must_be_greater_than_zero(long amount)
    {
        var rejection = Assert.IsType<Rejection>(Amounts.CheckPositive(amount));
        Assert.Equal(RejectionCode.InvalidInput, rejection.Code);
        Assert.Equal("amount", rejection.Field);
        Assert.Equal("reward", Assert.IsType<Rejection>(Amounts.CheckPositive(amount, "reward")).Field);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(long.MaxValue)]
    public void A_positive_amount_is_accepted(long amount) => Assert.Null(Amounts.CheckPositive(amount));

    [Fact]
    public void Non_negative_allows_zero_but_not_less()
    {
        Assert.Null(Amounts.CheckNonNegative(0, "readTime"));
        Assert.Null(Amounts.CheckNonNegative(long.MaxValue, "readTime"));
        var rejection = Assert.IsType<Rejection>(Amounts.CheckNonNegative(-1, "readTime"));
        Assert.Equal(RejectionCode.InvalidInput, rejection.Code);
        Assert.Equal("readTime", rejection.Field);
    }

    [Theory]
    [InlineData(long.MaxValue - 1, 1)]
    [InlineData(0, long.MaxValue)]
    [InlineData(long.MaxValue, 0)]
    public void A_sum_that_reaches_long_max_value_exactly_is_accepted(long current, long amount) =>
        Assert.Null(Amounts.CheckAddition(current, amount, "amount"));

    [Theory]
    [InlineData(long.MaxValue, 1)]
    [InlineData(long.MaxValue - 1, 2)]
    [InlineData(1, long.MaxValue)]
    [InlineData(long.MaxValue, long.MaxValue)]
    public void A_sum_past_long_max_value_is_an_error_not_a_wrap(long current, long amount)
    {
        var rejection = Assert.IsType<Rejection>(Amounts.CheckAddition(current, amount, "amount"));
        Assert.Equal(RejectionCode.InvalidInput, rejection.Code);
        Assert.Equal("amount", rejection.Field);
        Assert.Contains("overflow", rejection.Reason);
    }

    [Fact]
    public void A_reason_may_be_absent_or_up_to_the_maximum_length()
    {
        Assert.Null(Amounts.CheckReason(null));
        Assert.Null(Amounts.CheckReason(""));
        Assert.Null(Amounts.CheckReason(new string('r', Amounts.MaxReasonLength)));
        var rejection = Assert.IsType<Rejection>(Amounts.CheckReason(new string('r', Amounts.MaxReasonLength + 1)));
        Assert.Equal(RejectionCode.InvalidInput, rejection.Code);
        Assert.Equal("reason", rejection.Field);
    }
}
