using Akka.Actor;
using Akka.Persistence;
using BlocksterV2.Domain;
using BlocksterV2.Domain.Posts;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.Entities;

/// <summary>
/// Owns one user's BUX record. Commands are decided by <see cref="UserBux.Process"/>; the state changes only
/// through <see cref="UserBux.Apply"/> after the event is durable, and only then is the caller answered.
/// </summary>
public sealed class UserBuxActor : BuxEntityActor
{
    private readonly string _userId;
    private readonly EntitySettings _settings;
    private UserBuxState _state = UserBuxState.Initial;

    public UserBuxActor(string userId, EntitySettings settings) : base(settings.Resident, EntityKind.User)
    {
        _userId = userId;
        _settings = settings;
        PersistenceId = PersistenceIds.User(userId);

        Recover<SnapshotOffer>(offer => _state = ((UserBuxSnapshot)offer.Snapshot).ToState());
        Recover<IUserEvent>(e => _state = UserBux.Apply(_state, e, _userId));

        // Few handlers on purpose: each one costs every resident entity its own delegate and matcher entry.
        Command<IUserCommand>(Handle);
    }

    public override string PersistenceId { get; }

    private void Handle(IUserCommand command)
    {
        if (command is GetUser)
        {
            Sender.Tell(_state.Record ?? (object)NotFound());
            LeaveIfNothingStored();
            return;
        }
        if (command is CheckReadReward check)
        {
            // no LeaveIfNothingStored: a new reader's credit follows at once and would only start the entity again
            Sender.Tell(new ReadRewardChecked(check.PostId, check.UserId, UserBux.ReadRewardRefusal(_state, check)));
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
            LeaveIfNothingStored();
        }
    }

    /// <summary>A read reward's credit comes from the post entity, which re-sends it until it is stored.</summary>
    protected override bool CallerWaitsFor(object @event) => @event is not UserReadRewarded;

    private static object Reply(IUserCommand command, UserBuxPoints record) =>
        command is CreditReadReward c ? new ReadRewardCredited(c.PostId, c.UserId, record.BuxBalance) : record;

    private static object ToReply(IUserCommand command, Rejection rejection) =>
        command is CreditReadReward c ? new ReadRewardRefused(c.PostId, c.UserId, rejection) : rejection;

    private Rejection NotFound() => new(RejectionCode.NotFound, "userId", $"user '{_userId}' does not exist");
}
