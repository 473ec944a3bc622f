using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.Singleton;
using BlocksterV2.Cluster.LocalTables;

namespace BlocksterV2.Cluster.Leaderboard;

/// <summary>Starts the node's part of the leaderboard once it is Up and its tables are loaded.</summary>
public static class Leaderboards
{
    public static void Start(ActorSystem system, NodeTables tables, LeaderboardView view, LeaderboardOptions options)
    {
        system.ActorOf(LeaderboardViewer.Props(view, options), LeaderboardViewer.Name);
        system.ActorOf(LeaderboardCandidatesResponder.Props(tables), LeaderboardCandidatesResponder.Name);
        system.ActorOf(LeaderboardWriter.Props(tables, options), LeaderboardWriter.Name);
        system.ActorOf(ClusterSingletonManager.Props(
                LeaderboardReconciler.Props(options), PoisonPill.Instance, ClusterSingletonManagerSettings.Create(system)),
            LeaderboardReconciler.Name);
    }

    /// <summary>Runs a reconciliation now on the oldest member, where the singleton lives.</summary>
    public static Task<Reconciled> ReconcileNow(ActorSystem system, TimeSpan timeout)
    {
        var oldest = Akka.Cluster.Cluster.Get(system).State.Members
            .Where(m => m.Status == MemberStatus.Up)
            .OrderBy(m => m, Member.AgeOrdering)
            .First();
        return system.ActorSelection(new RootActorPath(oldest.Address) / "user" / LeaderboardReconciler.Name / "singleton")
            .Ask<Reconciled>(Reconcile.Instance, timeout);
    }
}
