using Akka.Actor;
using Akka.DistributedData;

namespace BlocksterV2.Cluster.Leaderboard;

/// <summary>Keeps the node's <see cref="LeaderboardView"/> sorted and current: rebuilt whenever the ORSet changes.</summary>
public sealed class LeaderboardViewer : ReceiveActor
{
    public const string Name = "bux-leaderboard-viewer";

    public LeaderboardViewer(LeaderboardView view, int size)
    {
        var revision = view.Current.Revision;
        Receive<Changed>(changed => changed.Key.Equals(LeaderboardKey.TopK), changed =>
            view.Publish(new LeaderboardSnapshot(++revision, size,
                LeaderboardMerge.Sorted(changed.Get(LeaderboardKey.TopK).Elements, size))));
    }

    protected override void PreStart() =>
        DistributedData.Get(Context.System).Replicator.Tell(Dsl.Subscribe(LeaderboardKey.TopK, Self));

    public static Props Props(LeaderboardView view, int size) => Akka.Actor.Props.Create(() => new LeaderboardViewer(view, size));
}
