using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using BlocksterV2.Cluster.Persistence;

namespace BlocksterV2.Cluster.Replication;

/// <summary>
/// Keeps this copy whole: the catch-up before this node hosts entities, then a pull whenever a member's batches show a
/// gap, a comparison with every caught-up copy each <see cref="ReplicationOptions.SyncInterval"/>, and <c>pbm bux sync</c>.
/// One catch-up or round at a time. Also records which members this copy runs with (<see cref="MemberRecords"/>).
/// </summary>
public sealed class ReplicaSync : ReceiveActor, IWithTimers
{
    public const string Name = "bux-replica-sync";

    private readonly ReplicationOptions _options;
    private readonly NodeJournal _journal;
    private readonly ReplicaCopy _copy;
    private readonly IActorRef _outbox;
    private readonly MemberRecords _records;
    private readonly CatchUp _catchUp;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TaskCompletionSource<CatchUpOutcome> _caughtUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<Address> _pullFrom = [];
    private readonly List<IActorRef> _syncRequesters = [];
    private volatile bool _forced;
    private bool _roundRunning;
    private bool _fullRoundDue;

    public ReplicaSync(ReplicationOptions options, NodeJournal journal, ReplicaCopy copy, IActorRef outbox, MemberRecords records)
    {
        _options = options;
        _journal = journal;
        _copy = copy;
        _outbox = outbox;
        _records = records;
        _catchUp = new CatchUp(Context.System, journal, options, records, _log);
        Receive<StartCatchUp>(_ => StartGate());
        Receive<GateDone>(done => OnCaughtUp(done.Outcome));
        Receive<GateFailed>(failed => _caughtUp.TrySetException(failed.Cause));
        Receive<PullFrom>(pull =>
        {
            if (!_copy.IsCaughtUp)
                return;
            _log.Info("Replication: pulling from {0}: {1}", pull.Node, pull.Why);
            _pullFrom.Add(pull.Node);
            NextRound();
        });
        Receive<SyncTick>(_ =>
        {
            _fullRoundDue = true;
            NextRound();
        });
        Receive<SyncNow>(_ => OnSyncNow());
        Receive<RoundDone>(OnRoundDone);
        Receive<ReplicaStatus>(OnPeerStatus);
        Receive<ClusterEvent.MemberUp>(up => Record(up.Member, present: true));
        Receive<ClusterEvent.MemberRemoved>(removed => Record(removed.Member, present: false));
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
        Receive<ProgressTick>(_ =>
        {
            if (!_copy.IsCaughtUp)
                _copy.CatchingUp(_catchUp.Progress);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Starts the catch-up; answered with <see cref="GateStarted"/>, whose task completes when this copy has caught up.</summary>
    public sealed record StartCatchUp;

    /// <summary><c>pbm bux sync</c>: catch up from the caught-up members now; answered with a <see cref="SyncResult"/>.</summary>
    public sealed record SyncNow;

    public sealed record SyncResult(string Summary);

    public static Props Props(ReplicationOptions options, NodeJournal journal, ReplicaCopy copy, IActorRef outbox, MemberRecords records) =>
        Akka.Actor.Props.Create(() => new ReplicaSync(options, journal, copy, outbox, records));

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void StartGate()
    {
        _copy.CatchingUp("looking for the other members' copies");
        Timers.StartPeriodicTimer(ProgressTick.Instance, ProgressTick.Instance, TimeSpan.FromMilliseconds(200));
        var self = Self;
        _catchUp.AtStart(() => _forced, CancellationToken.None).ContinueWith(t => self.Tell(t.IsFaulted
            ? new GateFailed(t.Exception!.GetBaseException())
            : new GateDone(t.Result)));
        Sender.Tell(new GateStarted(_caughtUp.Task));
    }

    private void OnCaughtUp(CatchUpOutcome outcome)
    {
        Timers.Cancel(ProgressTick.Instance);
        _copy.CaughtUp(outcome);
        foreach (var member in _cluster.State.Members.Where(m => m.Status == MemberStatus.Up && m.Address != _cluster.SelfAddress))
            _records.Record(member.Address.ToString(), present: true);
        TellOutbox(outcome.Peers);
        // every other member waits for this copy from now on
        var status = _copy.Status(digests: false);
        foreach (var peer in _catchUp.UpPeers())
            Context.ActorSelection(new RootActorPath(peer) / "user" / ReplicaReceiver.Name).Tell(status, Self);
        Timers.StartPeriodicTimer(SyncTick.Instance, SyncTick.Instance, _options.SyncInterval);
        foreach (var requester in _syncRequesters)
            requester.Tell(new SyncResult($"caught up: {outcome.Summary}"));
        _syncRequesters.Clear();
        _caughtUp.TrySetResult(outcome);
    }

    private void OnSyncNow()
    {
        if (!_copy.IsCaughtUp)
        {
            if (_copy.Progress.StartsWith("waiting:", StringComparison.Ordinal) && !_forced)
            {
                _forced = true;
                _log.Warning("Catch-up: pbm bux sync forces this node to start from the copies that are here: {0}", _copy.Progress);
                _syncRequesters.Add(Sender);
                return;
            }
            Sender.Tell(new SyncResult($"catching up: {_copy.Progress}"));
            return;
        }
        _syncRequesters.Add(Sender);
        _fullRoundDue = true;
        NextRound();
    }

    private void NextRound()
    {
        if (_roundRunning || !_copy.IsCaughtUp || (!_fullRoundDue && _pullFrom.Count == 0))
            return;
        IReadOnlyCollection<Address>? sources = _fullRoundDue ? null : _pullFrom.ToList();
        _fullRoundDue = false;
        _pullFrom.Clear();
        _roundRunning = true;
        var requesters = _syncRequesters.ToList();
        _syncRequesters.Clear();
        var self = Self;
        _catchUp.Round(sources).ContinueWith(t => self.Tell(new RoundDone(t.IsFaulted ? null : t.Result, t.Exception?.GetBaseException(), requesters)));
    }

    private void OnRoundDone(RoundDone done)
    {
        _roundRunning = false;
        if (done.Outcome is { } outcome)
        {
            if (outcome.Pulled > 0 || outcome.Conflicts > 0)
                _log.Info("Replication: sync {0}", outcome.Summary);
            TellOutbox(outcome.Peers);
            foreach (var requester in done.Requesters)
                requester.Tell(new SyncResult(outcome.Summary));
        }
        else
        {
            _log.Warning(done.Failure, "Replication: a sync round failed ({0}); the next one runs within {1:0.#}s", done.Failure?.Message,
                _options.SyncInterval.TotalSeconds);
            foreach (var requester in done.Requesters)
                requester.Tell(new SyncResult($"the sync failed: {done.Failure?.Message}"));
        }
        NextRound();
    }

    private void OnPeerStatus(ReplicaStatus status)
    {
        if (status.IsCaughtUp)
            TellOutbox([status]);
    }

    /// <summary>The outbox waits for caught-up members, and learns how far each holds this node's own events.</summary>
    private void TellOutbox(IReadOnlyList<ReplicaStatus> statuses)
    {
        var caughtUp = statuses.Where(s => s.IsCaughtUp).Select(s => (Address.Parse(s.Node),
            s.Origins.FirstOrDefault(m => m.OriginUuid == _journal.WriterUuid)?.Contiguous ?? 0)).ToList();
        if (caughtUp.Count > 0)
            _outbox.Tell(new PeersCaughtUp(caughtUp));
    }

    private void Record(Member member, bool present)
    {
        if (member.Address == _cluster.SelfAddress || !_copy.IsCaughtUp || _journal.ConnectionString is null)
            return;
        try
        {
            _records.Record(member.Address.ToString(), present);
        }
        catch (Exception e)
        {
            _log.Warning(e, "Could not record that {0} {1}: {2}", member.Address, present ? "is Up" : "left", e.Message);
        }
    }

    /// <summary>Answer to <see cref="StartCatchUp"/>: the task completes when this copy has caught up.</summary>
    public sealed record GateStarted(Task<CatchUpOutcome> CaughtUp);

    private sealed record GateDone(CatchUpOutcome Outcome);

    private sealed record GateFailed(Exception Cause);

    private sealed record RoundDone(CatchUpOutcome? Outcome, Exception? Failure, IReadOnlyList<IActorRef> Requesters);

    private sealed class SyncTick
    {
        public static readonly SyncTick Instance = new();
    }

    private sealed class ProgressTick
    {
        public static readonly ProgressTick Instance = new();
    }
}
