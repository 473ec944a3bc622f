using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using BlocksterV2.Domain;
using BlocksterV2.Domain.Posts;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.Entities;

/// <summary>
/// Owns one post's BUX pool. A rewarded read is a two-step transfer: the reward leaves the pool
/// (<see cref="ReadRewardReserved"/>, durable), then the user entity credits it under an idempotency key,
/// then the post settles it. A transfer cut between the steps is re-sent after recovery until it settles,
/// so BUX are never created or destroyed. Before it reserves, the post asks the reader's entity whether it can take
/// the reward (<see cref="CheckReadReward"/>): a read refused there (the balance would overflow) stores nothing. The
/// check is advice: when it goes unanswered the post reserves anyway, and a reader who can no longer take the reward
/// by the time it arrives refuses the credit, which the post cancels as before.
/// </summary>
public sealed class PostBuxActor : BuxEntityActor, IWithTimers
{
    /// <summary>Tag on every reward event, so a restarted node can find transfers that never settled.</summary>
    public const string ReadRewardTag = "read-reward";

    private const string RetryTimer = "retry-pending-rewards";

    private readonly string _postId;
    private readonly IActorRef _users;
    private readonly EntitySettings _settings;
    private readonly IFaultInjection _faults;
    private PostBuxState _state = PostBuxState.Initial;
    private Dictionary<string, List<IActorRef>>? _waiting;
    private Dictionary<string, List<(RewardRead Read, IActorRef Caller)>>? _checking;

    public PostBuxActor(string postId, IActorRef users, EntitySettings settings, IFaultInjection faults) : base(settings.Resident, EntityKind.Post)
    {
        _postId = postId;
        _users = users;
        _settings = settings;
        _faults = faults;
        PersistenceId = PersistenceIds.Post(postId);

        Recover<SnapshotOffer>(offer => _state = ((PostBuxSnapshot)offer.Snapshot).ToState());
        Recover<IPostEvent>(e => _state = PostBux.Apply(_state, e, _postId));
        Recover<RecoveryCompleted>(_ => ResendPending());

        Command<GetPost>(_ =>
        {
            Sender.Tell(_state.Record ?? (object)NotFound());
            LeaveIfNothingStored();
        });
        Command<RewardRead>(HandleRead);
        Command<ReadRewardCredited>(c => Settle(c, c.UserId, refusal: null));
        Command<ReadRewardRefused>(c => Settle(c, c.UserId, refusal: c.Rejection));
        Command<ReadRewardChecked>(Checked);
        Command<ResumePendingRewards>(_ => ResendPending());
        Command<RetryPendingRewards>(_ => ResendPending());
        Command<IPostCommand>(Handle);
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    private void Handle(IPostCommand command)
    {
        var decision = PostBux.Process(_state, command, DateTime.UtcNow);
        if (decision.Event is { } e)
            Persist(e, persisted => Sender.Tell(Applied(persisted).Record!));
        else
        {
            Sender.Tell(decision.Replay?.Post ?? (object?)decision.Replay?.Read ?? decision.Rejection!);
            LeaveIfNothingStored();
        }
    }

    private void HandleRead(RewardRead command)
    {
        if (PostBux.PendingFor(_state, command) is not null)
        {
            Wait(command.UserId, Sender);
            return;
        }
        if (_checking?.TryGetValue(command.UserId, out var queued) == true)
        {
            queued.Add((command, Sender)); // decided once the reader's entity has answered the first read's check
            return;
        }
        if (Decide(command, Sender) is not { } reserved)
            return;
        _checking ??= new Dictionary<string, List<(RewardRead, IActorRef)>>();
        _checking[command.UserId] = [(command, Sender)];
        _users.Tell(new CheckReadReward(command.UserId, _postId, reserved.Amount), Self);
        // unanswered (the reader's node is away): go on and reserve, the transfer's retries take it from there
        Timers.StartSingleTimer(CheckTimer(command.UserId), new ReadRewardChecked(_postId, command.UserId, null), _settings.RewardRetryInterval);
    }

    private void Checked(ReadRewardChecked check)
    {
        if (_checking is null || !_checking.Remove(check.UserId, out var reads))
            return; // the check timed out and the post went on without it
        Timers.Cancel(CheckTimer(check.UserId));
        var (first, caller) = reads[0];
        if (check.Refusal is { } refusal)
            caller.Tell(refusal);
        else if (Decide(first, caller) is { } reserved)
            Reserve(reserved, caller);
        // the others queued behind the first read come back once its reservation, if any, is stored
        foreach (var (read, waiting) in reads.Skip(1))
            Self.Tell(read, waiting);
    }

    /// <summary>The reservation this read would store, or null after answering the caller (a replay or a refusal).</summary>
    private ReadRewardReserved? Decide(RewardRead command, IActorRef caller)
    {
        var decision = PostBux.Process(_state, command, DateTime.UtcNow);
        if (decision.Event is ReadRewardReserved reserved)
            return reserved;
        caller.Tell(decision.Replay?.Read ?? (object?)decision.Replay?.Post ?? decision.Rejection!);
        LeaveIfNothingStored();
        return null;
    }

    private void Reserve(ReadRewardReserved reserved, IActorRef caller) =>
        Persist(new Tagged(reserved, [ReadRewardTag]), _ =>
        {
            Applied(reserved);
            Wait(reserved.UserId, caller);
            _faults.AfterRewardReserved(_postId, reserved.UserId);
            SendCredit(_state.Pending[reserved.UserId]);
            Timers.StartPeriodicTimer(RetryTimer, RetryPendingRewards.Instance, _settings.RewardRetryInterval);
        });

    private static string CheckTimer(string userId) => $"check-read-reward:{userId}";

    private void Settle(IPostCommand outcome, string userId, Rejection? refusal)
    {
        var decision = PostBux.Process(_state, outcome, DateTime.UtcNow);
        if (decision.Event is not { } e)
            return; // a repeated confirmation of a transfer that has already settled
        var pending = _state.Pending[userId];
        Persist(new Tagged(e, [ReadRewardTag]), _ =>
        {
            Applied(e);
            object answer = e is ReadRewardSettled settled
                ? new ReadRewarded(_postId, userId, pending.Amount, _state.Record!.BuxBalance, settled.UserBalance)
                : refusal!;
            if (_waiting is not null && _waiting.Remove(userId, out var callers))
            {
                foreach (var caller in callers)
                    caller.Tell(answer);
            }
            if (_state.Pending.IsEmpty)
                Timers.Cancel(RetryTimer);
        });
    }

    private PostBuxState Applied(IPostEvent e)
    {
        _state = PostBux.Apply(_state, e, _postId);
        if (LastSequenceNr % _settings.SnapshotEvery == 0)
            SaveSnapshot(PostBuxSnapshot.From(_state));
        return _state;
    }

    private void ResendPending()
    {
        if (_state.Pending.IsEmpty)
            return;
        foreach (var pending in _state.Pending.Values)
            SendCredit(pending);
        Timers.StartPeriodicTimer(RetryTimer, RetryPendingRewards.Instance, _settings.RewardRetryInterval);
    }

    private void SendCredit(PendingReward pending) =>
        _users.Tell(new CreditReadReward(pending.UserId, _postId, pending.Amount), Self);

    private void Wait(string userId, IActorRef caller)
    {
        if (caller.IsNobody())
            return;
        _waiting ??= new Dictionary<string, List<IActorRef>>();
        if (!_waiting.TryGetValue(userId, out var callers))
            _waiting[userId] = callers = [];
        callers.Add(caller);
    }

    /// <summary>A transfer under way (or a read waiting for its check) keeps the post resident until it settles.</summary>
    protected override bool CanLeave => _state.Pending.IsEmpty && _checking is not { Count: > 0 };

    /// <summary>A settlement's sender is the user entity; the transfer stays pending and is re-sent after recovery.</summary>
    protected override bool CallerWaitsFor(object @event) => @event is not (ReadRewardSettled or ReadRewardCancelled);

    private Rejection NotFound() => new(RejectionCode.NotFound, "postId", $"post '{_postId}' does not exist");

    private sealed class RetryPendingRewards
    {
        public static readonly RetryPendingRewards Instance = new();
    }
}
