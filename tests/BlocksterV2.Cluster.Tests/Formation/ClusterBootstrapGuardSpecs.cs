using Akka.Actor;
using Akka.Configuration;
using Akka.Discovery;
using BlocksterV2.Cluster.Formation;

namespace BlocksterV2.Cluster.Tests.Formation;

/// <summary>The guard's loop of lookups and probes, on a real cluster-provider system with DNS and the probe replaced.</summary>
public sealed class ClusterBootstrapGuardSpecs : IAsyncLifetime
{
    private static readonly ContactPoint Other = new("127.0.0.9", 4053);

    private readonly ActorSystem _system = ActorSystem.Create("blockster", ConfigurationFactory.ParseString("""
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.remote.dot-netty.tcp.port = 0
        akka.loglevel = WARNING
        """));

    private static readonly DiscoveryOptions Options = new()
    {
        ServiceName = "blockster.test",
        // one node listed of the two required: the guard keeps looking, round after round
        RequiredContactPoints = 2,
        ProbeInterval = TimeSpan.FromMilliseconds(100),
        MaxProbeInterval = TimeSpan.FromMilliseconds(200),
    };

    [Fact]
    public async Task A_round_that_fails_unexpectedly_is_reported_and_the_guard_keeps_looking()
    {
        var probes = 0;
        var guard = _system.ActorOf(ClusterBootstrapGuard.Props(Options, new Listing(Other), new Lookup(Options.ServiceName!), 4053, _ =>
            Interlocked.Increment(ref probes) == 1
                ? throw new InvalidOperationException("the first probe broke")
                : Task.FromResult<ContactPointAnswer?>(new ContactPointAnswer(Other.ToAddress("blockster").ToString(), []))));

        // no sync asked for: the rounds after the failed one run by themselves
        await Eventually.True(() => Volatile.Read(ref probes) >= 3, TimeSpan.FromSeconds(10), "the guard probed again after the failed round");
        var outcome = await guard.Ask<ClusterBootstrapGuard.SyncOutcome>(new ClusterBootstrapGuard.Sync(), TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Contains("DNS lists 1 node(s) for blockster.test: [127.0.0.9:4053]; answered: [127.0.0.9:4053]", outcome.Finding);
    }

    [Fact]
    public async Task A_sync_whose_round_fails_is_answered_with_the_reason()
    {
        var failing = true;
        var guard = _system.ActorOf(ClusterBootstrapGuard.Props(Options, new Listing(Other), new Lookup(Options.ServiceName!), 4053, _ =>
            Volatile.Read(ref failing) ? throw new InvalidOperationException("the probe broke") : Task.FromResult<ContactPointAnswer?>(null)));

        var outcome = await guard.Ask<ClusterBootstrapGuard.SyncOutcome>(new ClusterBootstrapGuard.Sync(), TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.Contains("a discovery round failed (InvalidOperationException: the probe broke)", outcome.Finding);
        Assert.Equal("looking again", outcome.Decision);
        Volatile.Write(ref failing, false);
        var next = await guard.Ask<ClusterBootstrapGuard.SyncOutcome>(new ClusterBootstrapGuard.Sync(), TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Contains("answered: []", next.Finding);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _system.Terminate();

    /// <summary>DNS that always lists the same nodes.</summary>
    private sealed class Listing(params ContactPoint[] points) : ServiceDiscovery
    {
        public override Task<Resolved> Lookup(Lookup lookup, TimeSpan resolveTimeout) =>
            Task.FromResult(new Resolved(lookup.ServiceName, points.Select(p => new ResolvedTarget(p.Host, p.Port)).ToList()));
    }
}
