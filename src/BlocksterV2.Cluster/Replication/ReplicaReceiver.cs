using Akka.Actor;
using Akka.Event;
using BlocksterV2.Cluster.Persistence;

namespace BlocksterV2.Cluster.Replication;

/// <summary>A gap or an entity's missing event showed in what <paramref name="Node"/> sent: pull from it now.</summary>
public sealed record PullFrom(Address Node, string Why);

/// <summary>
/// This node's end of replication, at <c>/user/bux-replica</c> on every node: stores the batches other members ship
/// (in order per origin; a batch after a gap is not stored, and the copy pulls what it lacks from the sender), takes
/// back what an origin retracts, and serves the other copies' pulls, read repairs and status questions from this
/// copy. Batches that arrive before this node's journal is open are dropped: the copy pulls them in its catch-up.
/// </summary>
public sealed class ReplicaReceiver : ReceiveActor
{
    public const string Name = "bux-replica";

    private readonly NodeJournal _journal;
    private readonly Func<bool, ReplicaStatus> _status;
    private readonly Func<bool> _caughtUp;
    private readonly IActorRef _sync;
    private readonly Akka.Serialization.Serialization _serialization;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <summary>Per origin, the next event number this copy will hold once the batches handed to the writer are stored.</summary>
    private readonly Dictionary<string, long> _expected = new(StringComparer.Ordinal);

    /// <param name="status">This copy's status; true: with table digests.</param>
    /// <param name="caughtUp">Whether this copy has caught up: only then does it vouch for entities' histories in read repairs.</param>
    /// <param name="sync">Told to pull from a member when its batches show a gap, and told of every member's status.</param>
    public ReplicaReceiver(NodeJournal journal, Func<bool, ReplicaStatus> status, Func<bool> caughtUp, IActorRef sync)
    {
        _journal = journal;
        _status = status;
        _caughtUp = caughtUp;
        _sync = sync;
        _serialization = Context.System.Serialization;
        Receive<ReplicaBatch>(OnBatch);
        Receive<StoredUpTo>(stored =>
        {
            // a batch stopped short: forget what was expected of its origin, the pull brings the rest
            _expected.Remove(stored.OriginUuid);
        });
        Receive<ReplicaRetract>(retract =>
            _journal.Writer?.Retract(retract.OriginUuid, retract.OriginNode, retract.FromSeq, retract.ToSeq, retract.Reason)
                .ContinueWith(t => _log.Error(t.Exception, "Could not take back {0}'s events #{1}..#{2}: {3}", retract.OriginNode,
                    retract.FromSeq, retract.ToSeq, t.Exception!.GetBaseException().Message), TaskContinuationOptions.OnlyOnFaulted));
        Receive<PullRequest>(request => Serve(() => _journal.Reader!.Pull(request)));
        Receive<RepairRequest>(request =>
        {
            // a copy still catching up may hold what the cluster never acknowledged: it answers with no heads
            if (_caughtUp())
                Serve(() => _journal.Reader!.Repair(request));
            else
                Sender.Tell(new RepairReply([], []));
        });
        Receive<HoldsRequest>(request => Serve(() => _journal.Reader!.Holds(request)));
        Receive<ReplicaStatusRequest>(request => Serve(() => _status(request.Digests)));
        Receive<ReplicaStatus>(pushed => _sync.Forward(pushed));
    }

    public static Props Props(NodeJournal journal, Func<bool, ReplicaStatus> status, Func<bool> caughtUp, IActorRef sync) =>
        Akka.Actor.Props.Create(() => new ReplicaReceiver(journal, status, caughtUp, sync));

    private void OnBatch(ReplicaBatch batch)
    {
        if (_journal.Writer is not { } writer)
            return;
        var held = _journal.Origins.Find(batch.OriginUuid)?.Contiguous ?? 0;
        var expected = Math.Max(_expected.GetValueOrDefault(batch.OriginUuid, held + 1), held + 1);
        var origin = Sender;
        if (batch.FromSeq > expected)
        {
            origin.Tell(new ReplicaAck(batch.OriginUuid, held));
            _sync.Tell(new PullFrom(origin.Path.Address, $"its events #{expected}..#{batch.FromSeq - 1} did not arrive"));
            return;
        }
        if (batch.ToSeq < expected)
        {
            origin.Tell(new ReplicaAck(batch.OriginUuid, held));
            return;
        }
        var events = batch.Events.Where(e => e.OriginSeq >= expected).ToList();
        foreach (var e in events)
            e.Payload = Deserialize(e);
        _expected[batch.OriginUuid] = batch.ToSeq + 1;
        var self = Self;
        var sync = _sync;
        writer.WriteReplicas(events, ReplicaMode.Live).ContinueWith(done =>
        {
            var contiguous = _journal.Origins.Find(batch.OriginUuid)?.Contiguous ?? 0;
            origin.Tell(new ReplicaAck(batch.OriginUuid, contiguous), self);
            if (done.IsFaulted || done.Result.Stopped is not null)
            {
                self.Tell(new StoredUpTo(batch.OriginUuid));
                sync.Tell(new PullFrom(origin.Path.Address, done.IsFaulted
                    ? $"storing its batch failed ({done.Exception!.GetBaseException().Message})"
                    : $"{done.Result.StoppedAt!.PersistenceId} #{done.Result.StoppedAt.SequenceNr} came without the event before it"));
            }
        }, TaskContinuationOptions.ExecuteSynchronously);
    }

    /// <summary>An event this node cannot read is still stored (its bytes); the local tables count it as a fault.</summary>
    private object Deserialize(ReplicaEvent e)
    {
        try
        {
            return _serialization.Deserialize(e.Message, e.SerializerId, e.Manifest);
        }
        catch (Exception cause)
        {
            return cause;
        }
    }

    private void Serve<T>(Func<T> read) where T : class
    {
        if (_journal.Reader is null)
        {
            // not open yet: the asker's timeout tells it this copy is still starting
            if (typeof(T) == typeof(ReplicaStatus))
                Sender.Tell(_status(false));
            return;
        }
        Task.Run(read).PipeTo(Sender, Self, failure: e => new Status.Failure(e));
    }

    private sealed record StoredUpTo(string OriginUuid);
}
