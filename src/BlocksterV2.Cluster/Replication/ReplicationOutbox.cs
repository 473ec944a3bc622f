using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using BlocksterV2.Cluster.Persistence;

namespace BlocksterV2.Cluster.Replication;

/// <summary>Peers whose copies have caught up, and how far each holds this node's own events (from a status exchange).</summary>
public sealed record PeersCaughtUp(IReadOnlyList<(Address Node, long HoldsOwnUpTo)> Peers);

/// <summary>
/// Ships every group commit of this node's own events to every other member (one message per commit per member) and
/// completes each write once the cluster holds it as <see cref="ReplicationOptions.Consistency"/> asks. A member that
/// does not acknowledge within <see cref="ReplicationOptions.AckTimeout"/> is not waited for again until it has caught
/// up; a commit that still cannot meet the consistency is taken back (moved to the conflicts table here and on every
/// copy that got it) and its writes fail with 503. Also keeps <see cref="NodeJournal.WriteRefusal"/> current, so a node
/// cut off from the majority stores nothing.
/// </summary>
public sealed class ReplicationOutbox : ReceiveActor, IWithTimers
{
    public const string Name = "bux-replication-outbox";

    /// <summary>Bytes of events per message, well under the remoting frame; a larger commit goes in several.</summary>
    private const int MaxMessageBytes = 512 * 1024;

    private readonly ReplicationOptions _options;
    private readonly NodeJournal _journal;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<Address, Peer> _peers = [];
    private readonly Queue<Pending> _pending = new();
    private readonly string _self;
    private readonly long _timeoutTicks;
    private long _lastSent;

    public ReplicationOutbox(ReplicationOptions options, NodeJournal journal)
    {
        _options = options;
        _journal = journal;
        _self = _cluster.SelfAddress.ToString();
        _timeoutTicks = (long)(options.AckTimeout.TotalSeconds * Stopwatch.Frequency);
        Receive<OwnCommit>(Ship);
        Receive<ReplicaAck>(OnAck);
        Receive<PeersCaughtUp>(OnPeersCaughtUp);
        Receive<ClusterEvent.CurrentClusterState>(_ => Refresh());
        Receive<ClusterEvent.IClusterDomainEvent>(_ => Refresh());
        Receive<Tick>(_ => Expire());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ReplicationOptions options, NodeJournal journal) =>
        Akka.Actor.Props.Create(() => new ReplicationOutbox(options, journal));

    /// <summary>The writer's hand-off: each commit becomes a message to this actor.</summary>
    public static IReplicationSink SinkFor(IActorRef outbox) => new Sink(outbox);

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        var every = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(10).Ticks, Math.Min(_options.AckTimeout.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks)));
        Timers.StartPeriodicTimer(Tick.Instance, Tick.Instance, every);
    }

    protected override void PostStop()
    {
        _cluster.Unsubscribe(Self);
        // Writes still waiting when the node stops are not known to be held: their callers hear so.
        foreach (var pending in _pending)
            pending.Commit.Fail(new ReplicationUnavailableException("the node stopped before the cluster acknowledged the write"));
    }

    private void Ship(OwnCommit commit)
    {
        foreach (var batch in Batches(commit))
        {
            foreach (var peer in _peers.Values)
                peer.Receiver.Tell(batch, Self);
        }
        _lastSent = commit.ToSeq;
        if (_options.Consistency == Consistency.Local)
        {
            commit.Acknowledge();
            return;
        }
        _pending.Enqueue(new Pending(commit, Stopwatch.GetTimestamp() + _timeoutTicks));
        Evaluate();
    }

    private IEnumerable<ReplicaBatch> Batches(OwnCommit commit)
    {
        var events = new List<ReplicaEvent>(commit.Rows.Count);
        long bytes = 0;
        foreach (var row in commit.Rows)
        {
            events.Add(ReplicaEvent.From(row, _self));
            bytes += row.Message.Length + row.PersistenceId.Length + 64;
            if (bytes >= MaxMessageBytes)
            {
                yield return Batch(events);
                events = [];
                bytes = 0;
            }
        }
        if (events.Count > 0)
            yield return Batch(events);
    }

    private ReplicaBatch Batch(List<ReplicaEvent> events) =>
        new(_journal.WriterUuid, _self, events[0].OriginSeq, events[^1].OriginSeq, events);

    private void OnAck(ReplicaAck ack)
    {
        if (ack.OriginUuid != _journal.WriterUuid || !_peers.TryGetValue(Sender.Path.Address, out var peer))
            return;
        peer.Acked = Math.Max(peer.Acked, ack.Contiguous);
        Readmit(peer);
        Evaluate();
    }

    private void OnPeersCaughtUp(PeersCaughtUp caughtUp)
    {
        foreach (var (node, holds) in caughtUp.Peers)
        {
            if (!_peers.TryGetValue(node, out var peer))
                continue;
            peer.Acked = Math.Max(peer.Acked, holds);
            if (!peer.CaughtUp)
            {
                peer.CaughtUp = true;
                _log.Info("Replication: {0} has caught up; writes wait for it from now on ({1})", node, Described());
            }
            Readmit(peer);
        }
        Evaluate();
    }

    /// <summary>A peer not waited for is waited for again once it holds everything before the writes still in flight.</summary>
    private void Readmit(Peer peer)
    {
        if (peer.Waited || !peer.CaughtUp)
            return;
        var needed = _pending.Count > 0 ? _pending.Peek().Commit.FromSeq - 1 : _lastSent;
        if (peer.Acked < needed)
            return;
        peer.Waited = true;
        if (peer.Lagged)
        {
            peer.Lagged = false;
            _log.Info("Replication: {0} has caught up with this node's writes again; writes wait for it again", peer.Address);
        }
    }

    private void Refresh()
    {
        var state = _cluster.State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        var current = new HashSet<Address>();
        foreach (var member in state.Members)
        {
            if (member.Address == _cluster.SelfAddress || member.Status is MemberStatus.Down or MemberStatus.Removed)
                continue;
            current.Add(member.Address);
            if (!_peers.TryGetValue(member.Address, out var peer))
            {
                peer = new Peer(member.Address, Context.ActorSelection(new RootActorPath(member.Address) / "user" / ReplicaReceiver.Name));
                _peers[member.Address] = peer;
            }
            peer.Counted = member.Status is MemberStatus.Up or MemberStatus.Leaving;
            peer.Reachable = !unreachable.Contains(member.Address);
        }
        foreach (var gone in _peers.Keys.Where(a => !current.Contains(a)).ToList())
            _peers.Remove(gone);

        var refusal = ConsistencyRule.Refusal(_options.Consistency, Views());
        if (refusal != _journal.WriteRefusal)
        {
            if (refusal is null)
                _log.Info("Replication: writes are accepted again ({0})", Described());
            else
                _log.Warning("Replication: writes are refused: {0}. They are accepted again as soon as a majority of the members is reachable; " +
                             "until then every write answers 503 and nothing is stored.", refusal);
            _journal.WriteRefusal = refusal;
        }
        Evaluate();
    }

    private void Evaluate()
    {
        while (_pending.Count > 0 && ConsistencyRule.IsMet(_options.Consistency, Views(), _pending.Peek().Commit.ToSeq))
            _pending.Dequeue().Commit.Acknowledge();
    }

    private void Expire()
    {
        var now = Stopwatch.GetTimestamp();
        while (_pending.Count > 0 && _pending.Peek().Deadline <= now)
        {
            var head = _pending.Peek();
            foreach (var peer in _peers.Values.Where(p => p.Counted && p.Reachable && p.Waited && p.Acked < head.Commit.ToSeq))
            {
                peer.Waited = false;
                peer.Lagged = true;
                _log.Warning("Replication: {0} did not acknowledge this node's writes within {1:0.###}s (it holds them up to #{2}; #{3} were sent); " +
                             "writes no longer wait for it until it has caught up, which it does by itself once it answers. If it stays behind, " +
                             "see \"A node that will not catch up\" in docs/deploy-fly.md.",
                    peer.Address, _options.AckTimeout.TotalSeconds, peer.Acked, head.Commit.ToSeq);
            }
            Evaluate();
            if (_pending.Count > 0 && ReferenceEquals(_pending.Peek(), head))
                Fail(_pending.Dequeue());
        }
    }

    /// <summary>Takes the commit back here (then on the copies that got it) before its callers hear 503: nothing of it stays.</summary>
    private void Fail(Pending failed)
    {
        var commit = failed.Commit;
        var (holders, counted) = ConsistencyRule.Holders(Views(), commit.ToSeq);
        var why = $"only {holders} of the cluster's {counted} members held it within {_options.AckTimeout.TotalSeconds:0.###}s, and consistency " +
                  $"'{_options.Consistency.ToString().ToLowerInvariant()}' needs more than half";
        _log.Warning("Replication: {0} event(s) of this node (#{1}..#{2}) are taken back and their writes answer 503: {3}. Check the other members " +
                     "(pbm bux status) and the network between the nodes.", commit.Rows.Count, commit.FromSeq, commit.ToSeq, why);
        var retract = new ReplicaRetract(_journal.WriterUuid, _self, commit.FromSeq, commit.ToSeq, $"not acknowledged by the cluster: {why}");
        var receivers = _peers.Values.Select(p => p.Receiver).ToList();
        var self = Self;
        _journal.Writer!.Retract(retract.OriginUuid, retract.OriginNode, retract.FromSeq, retract.ToSeq, retract.Reason).ContinueWith(done =>
        {
            foreach (var receiver in receivers)
                receiver.Tell(retract, self);
            commit.Fail(done.IsFaulted
                ? new ReplicationUnavailableException($"{why}; taking it back failed too ({done.Exception!.GetBaseException().Message})")
                : new ReplicationUnavailableException(why));
        }, TaskContinuationOptions.ExecuteSynchronously);
    }

    private List<PeerView> Views() => _peers.Values.Select(p => new PeerView(p.Counted, p.Reachable, p.Waited, p.Acked)).ToList();

    private string Described() =>
        _peers.Count == 0 ? "no other members" : string.Join(", ", _peers.Values.Select(p => $"{p.Address} {(p.Waited ? "waited for" : "not waited for")}"));

    private sealed class Peer(Address address, ActorSelection receiver)
    {
        public Address Address { get; } = address;
        public ActorSelection Receiver { get; } = receiver;
        public long Acked { get; set; }
        public bool Counted { get; set; }
        public bool Reachable { get; set; } = true;
        public bool CaughtUp { get; set; }
        public bool Waited { get; set; }
        public bool Lagged { get; set; }
    }

    private sealed record Pending(OwnCommit Commit, long Deadline);

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed class Sink(IActorRef outbox) : IReplicationSink
    {
        public void Committed(OwnCommit commit) => outbox.Tell(commit);
    }
}
