using BlocksterV2.Cluster.Hosting;

namespace BlocksterV2.Cluster.Tests.Hosting;

/// <summary>Unset, <c>Bux:Entities:MaxResident</c> gives resident entities a quarter of the memory the process may use.</summary>
public sealed class ResidentLimitDefaultSpecs
{
    private const long Gigabyte = 1024L * 1024 * 1024;

    [Fact]
    public void A_one_gigabyte_machine_keeps_about_sixty_thousand_entities_resident()
    {
        Assert.Equal((int)(Gigabyte / 4 / EntityOptions.BytesPerResidentEntity), EntityOptions.DefaultFor(Gigabyte));
        Assert.InRange(EntityOptions.DefaultFor(Gigabyte), 59_000, 60_000);
    }

    [Fact]
    public void A_tiny_machine_still_keeps_the_minimum_and_a_huge_one_does_not_overflow()
    {
        Assert.Equal(EntityOptions.MinimumDefault, EntityOptions.DefaultFor(64L * 1024 * 1024));
        Assert.Equal(EntityOptions.MinimumDefault, EntityOptions.DefaultFor(0));
        Assert.Equal(int.MaxValue, EntityOptions.DefaultFor(long.MaxValue));
    }

    [Fact]
    public void A_configured_limit_wins_over_the_default_and_zero_means_none()
    {
        Assert.Equal(1234, new EntityOptions { MaxResident = 1234 }.EffectiveMaxResident());
        Assert.Equal(0, new EntityOptions { MaxResident = 0 }.EffectiveMaxResident());
        Assert.Equal(EntityOptions.DefaultFor(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes), new EntityOptions().EffectiveMaxResident());
    }
}
