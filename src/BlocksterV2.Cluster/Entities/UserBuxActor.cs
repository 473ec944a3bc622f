using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using BlocksterV2.Domain;
using BlocksterV2.Domain.Posts;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.Entities;

/// <summary>
/// Owns one user's BUX record. Commands are decided by <see cref="UserBux.Process"/>; the state changes only
/// through <see cref="UserBux.Apply"/> after the event is durable, and only then is the caller answered.
/// </summary>
public sealed class UserBuxActor : ReceivePersistentActor
{
    private readonly string _userId;
    private readonly EntitySettings _settings;
    private UserBuxState _state = UserBuxState.Initial;

    public UserBuxActor(string userId, EntitySettings settings)
    {
        _userId = userId;
        _settings = settings;
        PersistenceId = PersistenceIds.User(userId);

        Recover<SnapshotOffer>(offer => _state = ((UserBuxSnapshot)offer.Snapshot).ToState());
        Recover<IUserEvent>(e => _state = UserBux.Apply(_state, e, _userId));

        // Few handlers on purpose: each one costs every resident entity its own delegate and matcher entry.
        Command<IUserCommand>(Handle);
        Command<ISnapshotResponse>(response =>
        {
            if (response is SaveSnapshotFailure failure)
                Log.Warning(failure.Cause, "Snapshot of {0} failed; recovery will replay more events until the next one succeeds", PersistenceId);
        });
    }

    public override string PersistenceId { get; }

    private void Handle(IUserCommand command)
    {
        if (command is GetUser)
        {
            Sender.Tell(_state.Record ?? (object)NotFound());
            return;
        }
        var decision = UserBux.Process(_state, command, DateTime.UtcNow);
        if (decision.Event is { } e)
        {
            Persist(e, persisted =>
            {
                _state = UserBux.Apply(_state, persisted, _userId);
                Sender.Tell(Reply(command, _state.Record!));
                if (LastSequenceNr % _settings.SnapshotEvery == 0)
                    SaveSnapshot(UserBuxSnapshot.From(_state));
            });
        }
        else
        {
            Sender.Tell(decision.Replay is { } replay ? Reply(command, replay) : ToReply(command, decision.Rejection!));
        }
    }

    /// <summary>The journal could not store the event: tell the caller now instead of letting it time out.</summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        Log.Error(cause, "Could not store event {0} (#{1}) of {2}: {3}. The entity stops and reloads its stored state on its next " +
                         "message. Check the data volume (free space, permissions) and the node log for SQLite errors.",
            @event.GetType().Name, sequenceNr, PersistenceId, cause.GetBaseException().Message);
        Sender.Tell(Rejection.StorageUnavailable(cause));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <summary>The journal refused the event (it could not be serialized): a bug, but the caller still gets an answer.</summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        Log.Error(cause, "The journal rejected event {0} (#{1}) of {2}: {3}. Nothing was stored; this is a bug in the event's serialization.",
            @event.GetType().Name, sequenceNr, PersistenceId, cause.GetBaseException().Message);
        Sender.Tell(Rejection.StorageUnavailable(cause));
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    private static object Reply(IUserCommand command, UserBuxPoints record) =>
        command is CreditReadReward c ? new ReadRewardCredited(c.PostId, c.UserId, record.BuxBalance) : record;

    private static object ToReply(IUserCommand command, Rejection rejection) =>
        command is CreditReadReward c ? new ReadRewardRefused(c.PostId, c.UserId, rejection) : rejection;

    private Rejection NotFound() => new(RejectionCode.NotFound, "userId", $"user '{_userId}' does not exist");
}
