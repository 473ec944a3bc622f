using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Event;

namespace BlocksterV2.Cluster.Leaderboard;

/// <summary>Run a reconciliation now (the periodic one, on demand); answered with <see cref="Reconciled"/>.</summary>
public sealed class Reconcile
{
    public static readonly Reconcile Instance = new();
}

/// <summary>What a reconciliation changed in the set; <see cref="Skipped"/> says why it did nothing.</summary>
public sealed record Reconciled(int Removed, int Added, string? Skipped);

/// <summary>
/// The cluster singleton that keeps the leaderboard true: every <see cref="LeaderboardOptions.ReconcileInterval"/>
/// it asks every Up member for its local table's top K, takes each user's newest version, and makes the ORSet
/// exactly that top K (entries written while it asked stay). It repairs what the writers cannot see: a user who
/// dropped out while another node wrote, entries of a node that went away, concurrent trims.
/// </summary>
public sealed class LeaderboardReconciler : ReceiveActor, IWithTimers
{
    public const string Name = "bux-leaderboard-reconciler";

    /// <summary>Entries this much older than the request may have been reported; newer ones are kept.</summary>
    private static readonly TimeSpan ClockMargin = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(3);
    private readonly int _size;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly IActorRef _replicator = DistributedData.Get(Context.System).Replicator;
    private readonly List<IActorRef> _waiting = [];
    private bool _running;

    public LeaderboardReconciler(LeaderboardOptions options)
    {
        _size = options.Size;
        Receive<Reconcile>(_ =>
        {
            if (!Sender.IsNobody() && !Sender.Equals(Self))
                _waiting.Add(Sender);
            if (!_running)
                Start();
        });
        Receive<Reports>(Repair);
        Receive<Reconciled>(Finish);
        Timers!.StartPeriodicTimer(Name, Reconcile.Instance, options.ReconcileInterval);
    }

    public ITimerScheduler? Timers { get; set; }

    public static Props Props(LeaderboardOptions options) => Akka.Actor.Props.Create(() => new LeaderboardReconciler(options));

    private void Start()
    {
        _running = true;
        var reportedSince = DateTime.UtcNow - ClockMargin;
        var members = _cluster.State.Members.Where(m => m.Status == MemberStatus.Up).Select(m => m.Address).ToList();
        var asks = members.Select(async address =>
        {
            try
            {
                var answer = await Context.System.ActorSelection(new RootActorPath(address) / "user" / LeaderboardCandidatesResponder.Name)
                    .Ask<LeaderboardCandidates>(new LeaderboardCandidatesRequest(_size), AskTimeout);
                return (address, answer.Entries);
            }
            catch (Exception)
            {
                return (address, Entries: (IReadOnlyList<LeaderboardEntry>?)null);
            }
        }).ToList();
        Task.WhenAll(asks).PipeTo(Self, success: answers => new Reports(answers, reportedSince));
    }

    private void Repair(Reports reports)
    {
        var silent = reports.Answers.Where(a => a.Entries is null).Select(a => a.Address.ToString()).ToList();
        if (silent.Count > 0)
        {
            Self.Tell(new Reconciled(0, 0, $"{string.Join(", ", silent)} did not answer within {AskTimeout.TotalSeconds:0}s"));
            return;
        }
        var reported = reports.Answers.SelectMany(a => a.Entries!).ToList();
        var self = _cluster.SelfUniqueAddress;
        LeaderboardRepair? applied = null;
        _replicator.Ask<IUpdateResponse>(Dsl.Update(LeaderboardKey.TopK, ORSet<LeaderboardEntry>.Empty, new WriteAll(WriteTimeout), set =>
            {
                applied = LeaderboardMerge.Rebuild(set.Elements, reported, reports.ReportedSince, _size);
                return LeaderboardRepairs.Apply(set, applied, self);
            }), WriteTimeout + AskTimeout)
            .PipeTo(Self,
                success: response => response is ModifyFailure failure
                    ? new Reconciled(0, 0, $"the update failed: {failure.ErrorMessage}")
                    : new Reconciled(applied?.Remove.Count ?? 0, applied?.Add.Count ?? 0, null),
                failure: e => new Reconciled(0, 0, $"the update did not answer: {e.Message}"));
    }

    private void Finish(Reconciled outcome)
    {
        _running = false;
        if (outcome.Skipped is { } why)
            _log.Warning("Leaderboard reconciliation skipped: {0}. The next one runs within its interval; the writers keep the board current meanwhile.", why);
        else if (outcome.Removed + outcome.Added > 0)
            _log.Info("Leaderboard reconciliation repaired the top {0}: {1} entries removed, {2} added", _size, outcome.Removed, outcome.Added);
        foreach (var waiting in _waiting)
            waiting.Tell(outcome);
        _waiting.Clear();
    }

    private sealed record Reports(IReadOnlyList<(Address Address, IReadOnlyList<LeaderboardEntry>? Entries)> Answers, DateTime ReportedSince);
}
