using Akka.Actor;
using Akka.DistributedData;

namespace BlocksterV2.Cluster.Leaderboard;

/// <summary>
/// Keeps the node's <see cref="LeaderboardView"/> sorted and current: reads the local replica every
/// <see cref="LeaderboardOptions.ReadInterval"/> and publishes when the board changed. It reads instead of
/// subscribing because the Replicator serializes and hashes the whole set on every update of a key that has
/// subscribers (to tell whether it changed): at K = 1000 that cost more than the credits feeding the board.
/// </summary>
public sealed class LeaderboardViewer : ReceiveActor, IWithTimers
{
    public const string Name = "bux-leaderboard-viewer";
    private readonly LeaderboardView _view;
    private readonly int _size;
    private ORSet<LeaderboardEntry>? _seen;

    public LeaderboardViewer(LeaderboardView view, LeaderboardOptions options)
    {
        _view = view;
        _size = options.Size;
        var replicator = DistributedData.Get(Context.System).Replicator;
        Receive<Read>(_ => replicator.Tell(Dsl.Get(LeaderboardKey.TopK, ReadLocal.Instance)));
        Receive<GetSuccess>(success => Show(success.Get(LeaderboardKey.TopK)));
        Receive<NotFound>(_ => { });
        Timers!.StartPeriodicTimer(Read.Instance, Read.Instance, options.ReadInterval);
    }

    public ITimerScheduler? Timers { get; set; }

    public static Props Props(LeaderboardView view, LeaderboardOptions options) =>
        Akka.Actor.Props.Create(() => new LeaderboardViewer(view, options));

    private void Show(ORSet<LeaderboardEntry> set)
    {
        // an unchanged replica is the same instance; a merge from gossip can bring an equal one
        if (ReferenceEquals(set, _seen))
            return;
        _seen = set;
        var current = _view.Current;
        var entries = LeaderboardMerge.Sorted(set.Elements, _size);
        if (!entries.AsSpan().SequenceEqual(current.Entries.AsSpan()))
            _view.Publish(new LeaderboardSnapshot(current.Revision + 1, _size, entries));
    }

    private sealed class Read
    {
        public static readonly Read Instance = new();
    }
}
