using Akka.Hosting;
using BlocksterV2.Cluster.Entities;

namespace BlocksterV2.Cluster.Tests;

/// <summary>The CLOCK ring alone: who is asked to leave, and what it counts.</summary>
public sealed class ResidentEntitiesSpecs : Akka.Hosting.TestKit.TestKit
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(100);

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider)
    {
    }

    [Fact]
    public async Task Past_the_limit_the_entity_not_used_since_the_last_sweep_is_asked_to_leave_and_a_used_one_stays()
    {
        var resident = new ResidentEntities();
        resident.SetLimit(2);
        var (a, b, c) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        var slotA = resident.Enter(a.Ref, EntityKind.User);
        var slotB = resident.Enter(b.Ref, EntityKind.Post);

        var slotC = resident.Enter(c.Ref, EntityKind.User); // the sweep clears a, b, c, then finds a clear
        await a.ExpectMsgAsync<LeaveForRoom>(cancellationToken: TestContext.Current.CancellationToken);
        await b.ExpectNoMsgAsync(Quiet, TestContext.Current.CancellationToken);
        // The rate moves with the clock between two reads of it: compare one reading.
        var counts = resident.Counts();
        Assert.Equal(new ResidentCounts(2, 1, 2, 1, counts.PassivationsPerSecond), counts);
        Assert.True(counts.PassivationsPerSecond > 0, $"one passivation since the ring began is a positive rate, not {counts.PassivationsPerSecond}");

        resident.Exit(slotA);
        slotB.Touch(); // b was used again since the sweep: c leaves next
        var d = CreateTestProbe();
        resident.Enter(d.Ref, EntityKind.User);
        await c.ExpectMsgAsync<LeaveForRoom>(cancellationToken: TestContext.Current.CancellationToken);
        await b.ExpectNoMsgAsync(Quiet, TestContext.Current.CancellationToken);
        resident.Exit(slotC);
        Assert.Equal((2, 2L), (resident.Counts().Total, resident.Counts().Passivations));
    }

    [Fact]
    public async Task An_entity_that_cannot_leave_stays_and_another_is_asked_on_the_next_start()
    {
        var resident = new ResidentEntities();
        resident.SetLimit(1);
        var (busy, idle) = (CreateTestProbe(), CreateTestProbe());
        var busySlot = resident.Enter(busy.Ref, EntityKind.Post);
        var idleSlot = resident.Enter(idle.Ref, EntityKind.User);
        await busy.ExpectMsgAsync<LeaveForRoom>(cancellationToken: TestContext.Current.CancellationToken);

        resident.Stay(busySlot); // a transfer is under way
        var next = CreateTestProbe();
        resident.Enter(next.Ref, EntityKind.User);

        await idle.ExpectMsgAsync<LeaveForRoom>(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(3, resident.Counts().Total);
        resident.Exit(idleSlot);
        Assert.Equal(2, resident.Counts().Total);
    }

    [Fact]
    public async Task Without_a_limit_nobody_is_asked_to_leave()
    {
        var resident = new ResidentEntities();
        var probes = Enumerable.Range(0, 50).Select(_ => CreateTestProbe()).ToList();
        foreach (var probe in probes)
            resident.Enter(probe.Ref, EntityKind.User);

        await probes[0].ExpectNoMsgAsync(Quiet, TestContext.Current.CancellationToken);
        Assert.Equal((50, 0L), (resident.Counts().Total, resident.Counts().Passivations));
    }
}
