using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Event;
using BlocksterV2.Cluster.LocalTables;

namespace BlocksterV2.Cluster.Leaderboard;

/// <summary>
/// The node's writer to the leaderboard ORSet. Every <see cref="LeaderboardOptions.FlushInterval"/> it takes the
/// users whose balance changed here, adds their new entries, removes their previous ones, fills the board from
/// the local table's top K (a user who dropped out leaves room for the next one) and trims to K, in one update
/// written to every node. It checks again whenever the set changed (another node wrote), so all writers converge.
/// Each flush starts with a read of the local replica rather than a subscription (see <see cref="LeaderboardViewer"/>).
/// </summary>
public sealed class LeaderboardWriter : ReceiveActor, IWithTimers
{
    public const string Name = "bux-leaderboard-writer";
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(2);
    private readonly NodeTables _tables;
    private readonly int _size;
    private readonly IActorRef _replicator;
    private readonly UniqueAddress _self;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ORSet<LeaderboardEntry> _current = ORSet<LeaderboardEntry>.Empty;
    /// <summary>
    /// Set when another node changed the set, and at start: the replicated set lives in RAM only, so after a whole
    /// cluster restart it is empty until the writers fill it from their tables.
    /// </summary>
    private bool _mustCheck = true;

    public LeaderboardWriter(NodeTables tables, LeaderboardOptions options)
    {
        _tables = tables;
        _size = options.Size;
        var data = DistributedData.Get(Context.System);
        _replicator = data.Replicator;
        _self = Akka.Cluster.Cluster.Get(Context.System).SelfUniqueAddress;

        Receive<Flush>(_ => _replicator.Tell(Dsl.Get(LeaderboardKey.TopK, ReadLocal.Instance)));
        Receive<GetSuccess>(success =>
        {
            var set = success.Get(LeaderboardKey.TopK);
            _mustCheck |= !ReferenceEquals(set, _current);
            _current = set;
            WriteChanges();
        });
        Receive<NotFound>(_ => WriteChanges());
        Receive<UpdateSuccess>(_ => { });
        Receive<UpdateTimeout>(_ =>
            _log.Debug("Leaderboard update reached this node but not yet every other one within {0}; gossip carries it on", WriteTimeout));
        Receive<ModifyFailure>(failure =>
            _log.Error(failure.Cause, "Leaderboard update failed: {0}. The reconciler repairs the board within its interval.", failure.ErrorMessage));
        Timers!.StartPeriodicTimer(Flush.Instance, Flush.Instance, options.FlushInterval);
    }

    public ITimerScheduler? Timers { get; set; }

    public static Props Props(NodeTables tables, LeaderboardOptions options) =>
        Akka.Actor.Props.Create(() => new LeaderboardWriter(tables, options));

    private void WriteChanges()
    {
        var changedUsers = _tables.TakeChangedUsers();
        if (changedUsers.Count == 0 && !_mustCheck)
            return;
        _mustCheck = false;
        var candidates = _tables.Users.Top(_size).ConvertAll(LeaderboardEntry.Of);
        foreach (var userId in changedUsers)
        {
            if (_tables.Users.Get(userId) is { } row)
                candidates.Add(LeaderboardEntry.Of(row));
        }
        if (LeaderboardMerge.Merge(_current.Elements, candidates, _size).IsEmpty)
            return;
        // Decided again on the replica's exact value: the copy read at this flush may already be behind.
        _replicator.Tell(Dsl.Update(LeaderboardKey.TopK, ORSet<LeaderboardEntry>.Empty, new WriteAll(WriteTimeout),
            set => LeaderboardRepairs.Apply(set, LeaderboardMerge.Merge(set.Elements, candidates, _size), _self)));
    }

    private sealed class Flush
    {
        public static readonly Flush Instance = new();
    }
}
