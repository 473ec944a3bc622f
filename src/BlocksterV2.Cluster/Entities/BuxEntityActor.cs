using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;
using BlocksterV2.Cluster.Persistence;
using BlocksterV2.Domain;

namespace BlocksterV2.Cluster.Entities;

/// <summary>
/// What the user and post entities share: a caller whose event could not be stored hears it at once (instead of
/// waiting for a timeout), and snapshot results are handled in one place.
/// </summary>
public abstract class BuxEntityActor : ReceivePersistentActor
{
    private readonly ResidentEntities? _resident;
    private readonly EntityKind _kind;
    private ResidentSlot? _slot;

    protected BuxEntityActor(ResidentEntities? resident, EntityKind kind)
    {
        _resident = resident;
        _kind = kind;
        Command<LeaveForRoom>(_ =>
        {
            if (CanLeave)
                RequestStop();
            else if (_slot is not null)
                _resident!.Stay(_slot);
        });
        // a command, not a PoisonPill: while an event is being stored commands wait, so the entity stops only
        // after the caller ahead of the stop got its answer
        Command<StopEntity>(_ => Context.Stop(Self));
        Command<ISnapshotResponse>(response =>
        {
            if (response is SaveSnapshotFailure failure)
                Log.Warning(failure.Cause, "Snapshot of {0} failed; recovery will replay more events until the next one succeeds", PersistenceId);
        });
    }

    private bool _leaving;

    /// <summary>
    /// An entity under which nothing was ever stored (a read of an unknown id, a refused first command) asks its
    /// shard to stop it once it has answered: a scan of random ids must not fill the node with empty entities.
    /// Sharding buffers what arrives for the id meanwhile and starts the entity again for it.
    /// </summary>
    protected void LeaveIfNothingStored()
    {
        if (LastSequenceNr == 0)
            RequestStop();
    }

    /// <summary>Whether the entity may be passivated to make room now; a post with a transfer under way stays.</summary>
    protected virtual bool CanLeave => true;

    private void RequestStop()
    {
        if (_leaving)
            return;
        _leaving = true;
        Context.Parent.Tell(new Passivate(StopEntity.Instance));
    }

    protected override void PreStart()
    {
        _slot = _resident?.Enter(Self, _kind);
        base.PreStart();
    }

    protected override void PostStop()
    {
        if (_slot is not null)
            _resident!.Exit(_slot);
        base.PostStop();
    }

    protected override bool AroundReceive(Receive receive, object message)
    {
        _slot?.Touch();
        return base.AroundReceive(receive, message);
    }

    /// <summary>
    /// Whether the sender of the command behind <paramref name="event"/> waits for an answer. Steps of a reward
    /// transfer come from the other entity, which retries on its own.
    /// </summary>
    protected abstract bool CallerWaitsFor(object @event);

    /// <summary>The journal could not store the event; the entity stops and reloads its stored state on its next message.</summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        var stored = Unwrap(@event);
        if (cause.GetBaseException() is ReplicationUnavailableException)
        {
            // the outbox logged why once (cut off, or a commit taken back); here only what the entity does
            Log.Debug("Event {0} (#{1}) of {2} is not stored: {3}. The entity stops and reloads its stored state on its next message.",
                stored.GetType().Name, sequenceNr, PersistenceId, cause.GetBaseException().Message);
        }
        else
        {
            Log.Error(cause, "Could not store event {0} (#{1}) of {2}: {3}. The entity stops and reloads its stored state on its next " +
                             "message. Check the data volume (free space, permissions) and the node log for SQLite errors.",
                stored.GetType().Name, sequenceNr, PersistenceId, cause.GetBaseException().Message);
        }
        Answer(stored, cause);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <summary>The journal refused the event (it could not be serialized): a bug, but the caller still gets an answer.</summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        var stored = Unwrap(@event);
        Log.Error(cause, "The journal rejected event {0} (#{1}) of {2}: {3}. Nothing was stored; this is a bug in the event's serialization.",
            stored.GetType().Name, sequenceNr, PersistenceId, cause.GetBaseException().Message);
        Answer(stored, cause);
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    private void Answer(object stored, Exception cause)
    {
        if (CallerWaitsFor(stored))
            Sender.Tell(Rejection.StorageUnavailable(cause));
    }

    private static object Unwrap(object @event) => @event is Tagged tagged ? tagged.Payload : @event;
}

/// <summary>How a shard stops an entity (idle, hand-off, or asked to by the entity itself).</summary>
public sealed class StopEntity
{
    public static readonly StopEntity Instance = new();

    private StopEntity()
    {
    }
}
