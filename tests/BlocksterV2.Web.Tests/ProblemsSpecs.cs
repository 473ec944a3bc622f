using BlocksterV2.Domain;
using BlocksterV2.Web.Api;

namespace BlocksterV2.Web.Tests;

public sealed class ProblemsSpecs
{
    [Theory]
    [InlineData(RejectionCode.InvalidInput, 400)]
    [InlineData(RejectionCode.NotFound, 404)]
    [InlineData(RejectionCode.Overdraft, 409)]
    [InlineData(RejectionCode.VersionConflict, 409)]
    [InlineData(RejectionCode.IdempotencyConflict, 409)]
    [InlineData(RejectionCode.AlreadyRewarded, 409)]
    [InlineData(RejectionCode.ReadTooShort, 409)]
    [InlineData(RejectionCode.PoolTooSmall, 409)]
    [InlineData(RejectionCode.RewardNotConfigured, 409)]
    [InlineData(RejectionCode.StorageUnavailable, 503)]
    public void Every_rejection_maps_to_its_status(RejectionCode code, int status) =>
        Assert.Equal(status, Problems.StatusFor(code));

    [Fact]
    public void Every_rejection_code_has_a_status_in_the_table_above()
    {
        var covered = typeof(ProblemsSpecs).GetMethod(nameof(Every_rejection_maps_to_its_status))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => (RejectionCode)a.Data[0]!);
        Assert.Equal(Enum.GetValues<RejectionCode>().Order(), covered.Order());
    }
}
