using Akka.Actor;
using Akka.Cluster;
using Akka.Discovery;
using Akka.Event;
using BlocksterV2.Cluster.Discovery;

namespace BlocksterV2.Cluster.Formation;

/// <summary>
/// Finds the other nodes through discovery, probes each, and joins or forms the cluster as
/// <see cref="FormationDecision"/> says. Logs every new finding and decision once; stops when this member is Up.
/// </summary>
public sealed class ClusterBootstrapGuard : ReceiveActor, IWithTimers
{
    public const string Name = "bux-bootstrap";

    private const string RoundTimer = "round";

    private readonly DiscoveryOptions _options;
    private readonly ServiceDiscovery _discovery;
    private readonly Lookup _lookup;
    private readonly int _defaultPort;
    private readonly ActorSystem _system;
    private readonly Akka.Cluster.Cluster _cluster;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ContactPoint _self;
    private readonly Func<ContactPoint, Task<ContactPointAnswer?>> _probe;

    private IReadOnlyList<ContactPoint> _discovered = [];
    private DateTime _discoveredSince = DateTime.UtcNow;
    private TimeSpan _interval;
    private string? _lastFinding;
    private string? _lastDecision;
    private List<IActorRef> _syncRequesters = [];

    public ClusterBootstrapGuard(DiscoveryOptions options, ServiceDiscovery discovery, Lookup lookup, int defaultPort)
        : this(options, discovery, lookup, defaultPort, probe: null)
    {
    }

    /// <param name="probe">asks one node whether it is in a cluster (null: no answer in time); specs replace the remoting probe.
    /// Public because Akka creates actors through their public constructors.</param>
    public ClusterBootstrapGuard(DiscoveryOptions options, ServiceDiscovery discovery, Lookup lookup, int defaultPort,
        Func<ContactPoint, Task<ContactPointAnswer?>>? probe)
    {
        _options = options;
        _discovery = discovery;
        _lookup = lookup;
        _defaultPort = defaultPort;
        _interval = options.ProbeInterval;
        _system = Context.System;
        _cluster = Akka.Cluster.Cluster.Get(_system);
        _self = ContactPoint.Of(_cluster.SelfAddress);
        _probe = probe ?? Probe;
        Looking();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// <c>pbm bux sync</c>, the Elixir service's forced sync: forget the last findings, resolve and probe again now, decide
    /// again (even while joining), and answer with a <see cref="SyncOutcome"/> once that round is done.
    /// </summary>
    public sealed record Sync;

    public sealed record SyncOutcome(string Finding, string Decision);

    public static Props Props(DiscoveryOptions options, ServiceDiscovery discovery, Lookup lookup, int defaultPort) =>
        Akka.Actor.Props.Create(() => new ClusterBootstrapGuard(options, discovery, lookup, defaultPort));

    internal static Props Props(DiscoveryOptions options, ServiceDiscovery discovery, Lookup lookup, int defaultPort,
        Func<ContactPoint, Task<ContactPointAnswer?>> probe) =>
        Akka.Actor.Props.Create(() => new ClusterBootstrapGuard(options, discovery, lookup, defaultPort, probe));

    protected override void PreStart()
    {
        _log.Info("Looking for the other nodes of the cluster: resolving {0} (every {1:0.#}s, probing each node found); " +
                  "this node is {2}", _lookup, _options.ProbeInterval.TotalSeconds, _self);
        Self.Tell(StartRound.Instance);
    }

    private void Looking()
    {
        Receive<StartRound>(_ =>
        {
            // a sync is answered by a round that started after it was asked for, never by one already running
            var requesters = _syncRequesters;
            _syncRequesters = [];
            RunRound(requesters).PipeTo(Self);
        });
        Receive<RoundSeen>(OnRoundSeen);
        Receive<LookupFailed>(failed =>
        {
            LogFinding(failed.Reason, warning: true);
            Answer(failed.SyncRequesters, failed.Reason, "looking again");
            ScheduleNextRound(backOff: true);
        });
        Receive<Sync>(_ => OnSync());
    }

    private void OnSync()
    {
        _log.Info("Cluster formation: sync requested (pbm bux sync): resolving {0} and probing again now", _lookup);
        _syncRequesters.Add(Sender);
        _lastFinding = null;
        _lastDecision = null;
        _interval = _options.ProbeInterval;
        Timers.Cancel(RoundTimer);
        Become(Looking);
        Self.Tell(StartRound.Instance);
    }

    /// <summary>
    /// One lookup and its probes. Never faults: a round that failed for any reason is a <see cref="LookupFailed"/>,
    /// logged and retried. (A faulted round used to reach this actor as an unhandled Status.Failure, and then no
    /// round was ever scheduled again: the node waited forever after one last "did not answer" line.)
    /// </summary>
    private async Task<object> RunRound(IReadOnlyList<IActorRef> syncRequesters)
    {
        try
        {
            return await LookUpAndProbe(syncRequesters);
        }
        catch (Exception e)
        {
            return new LookupFailed($"a discovery round failed ({e.GetType().Name}: {e.GetBaseException().Message}); looking again, backing off up to " +
                                    $"every {_options.MaxProbeInterval.TotalSeconds:0.#}s", syncRequesters);
        }
    }

    private async Task<object> LookUpAndProbe(IReadOnlyList<IActorRef> syncRequesters)
    {
        ServiceDiscovery.Resolved resolved;
        try
        {
            resolved = await _discovery.Lookup(_lookup, _options.ResolveTimeout);
        }
        catch (Exception e)
        {
            var why = e is DnsDiscoveryException ? e.Message : $"DNS lookup of {_lookup.ServiceName} failed: {e.GetBaseException().Message}";
            return new LookupFailed($"{why}; looking again, backing off up to every {_options.MaxProbeInterval.TotalSeconds:0.#}s", syncRequesters);
        }

        var points = resolved.Addresses
            .Select(t => new ContactPoint(t.Host, t.Port ?? _defaultPort))
            .Distinct()
            .Order()
            .ToList();
        var answers = await Task.WhenAll(points.Select(async point => (Point: point, Answer: await _probe(point))));
        return new RoundSeen(points, answers.Where(a => a.Answer is not null).ToDictionary(a => a.Point, a => a.Answer!), syncRequesters);
    }

    private async Task<ContactPointAnswer?> Probe(ContactPoint point)
    {
        try
        {
            var responder = _system.ActorSelection(ContactPointResponder.PathAt(point.ToAddress(_system.Name)));
            return await responder.Ask<ContactPointAnswer>(new ContactPointProbe(), _options.ProbeTimeout);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    private void OnRoundSeen(RoundSeen round)
    {
        if (!round.Discovered.SequenceEqual(_discovered))
        {
            _discovered = round.Discovered;
            _discoveredSince = DateTime.UtcNow;
        }
        var finding = Finding(round);
        LogFinding(finding, warning: false);

        var decision = FormationDecision.Decide(
            new FormationRound(round.Discovered, DateTime.UtcNow - _discoveredSince, round.Answers, _self),
            _options, _lookup.ServiceName);
        switch (decision)
        {
            case FormationDecision.JoinExisting join:
                _log.Info("Cluster formation: {0}", join.Explanation);
                Answer(round.SyncRequesters, finding, join.Explanation);
                _cluster.JoinSeedNodes(join.SeedNodes);
                Become(Joining);
                break;
            case FormationDecision.FormNewCluster form:
                _log.Info("Cluster formation: {0}", form.Explanation);
                Answer(round.SyncRequesters, finding, form.Explanation);
                _cluster.Join(_cluster.SelfAddress);
                Become(Joining);
                break;
            case FormationDecision.Wait wait:
                if (wait.Explanation != _lastDecision)
                    _log.Info("Cluster formation: waiting: {0}", wait.Explanation);
                _lastDecision = wait.Explanation;
                Answer(round.SyncRequesters, finding, $"waiting: {wait.Explanation}");
                ScheduleNextRound(backOff: round.Discovered.Count == 0);
                break;
        }
    }

    private void Joining()
    {
        _cluster.RegisterOnMemberUp(() => Self.Tell(PoisonPill.Instance));
        Receive<Sync>(_ => OnSync());
        // a round that was running when this node decided: its sync requesters still get an answer
        Receive<RoundSeen>(round => Answer(round.SyncRequesters, Finding(round), "already joining the cluster decided before"));
        ReceiveAny(_ => { });
    }

    private string Finding(RoundSeen round)
    {
        var answered = round.Discovered.Where(round.Answers.ContainsKey).ToList();
        return $"DNS lists {round.Discovered.Count} node(s) for {_lookup.ServiceName}: [{string.Join(", ", round.Discovered)}]; " +
               $"answered: [{string.Join(", ", answered)}]; in a cluster: " +
               $"[{string.Join(", ", answered.Where(p => round.Answers[p].IsClusterMember))}]";
    }

    private static void Answer(IReadOnlyList<IActorRef> syncRequesters, string finding, string decision)
    {
        foreach (var requester in syncRequesters)
            requester.Tell(new SyncOutcome(finding, decision));
    }

    private void LogFinding(string finding, bool warning)
    {
        if (finding == _lastFinding)
            return;
        _lastFinding = finding;
        if (warning)
            _log.Warning("Cluster formation: {0}", finding);
        else
            _log.Info("Cluster formation: {0}", finding);
    }

    private void ScheduleNextRound(bool backOff)
    {
        _interval = backOff
            ? TimeSpan.FromTicks(Math.Min(_interval.Ticks * 2, _options.MaxProbeInterval.Ticks))
            : _options.ProbeInterval;
        Timers.StartSingleTimer(RoundTimer, StartRound.Instance, _interval);
    }

    private sealed class StartRound
    {
        public static readonly StartRound Instance = new();
    }

    private sealed record RoundSeen(
        IReadOnlyList<ContactPoint> Discovered,
        IReadOnlyDictionary<ContactPoint, ContactPointAnswer> Answers,
        IReadOnlyList<IActorRef> SyncRequesters);

    private sealed record LookupFailed(string Reason, IReadOnlyList<IActorRef> SyncRequesters);
}
