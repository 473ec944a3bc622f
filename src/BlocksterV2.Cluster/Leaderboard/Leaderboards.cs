using Akka.Actor;
using Akka.Cluster.Tools.Singleton;
using BlocksterV2.Cluster.LocalTables;

namespace BlocksterV2.Cluster.Leaderboard;

/// <summary>Starts the node's part of the leaderboard once it is Up and its tables are loaded.</summary>
public static class Leaderboards
{
    public const string ReconcilerProxyName = LeaderboardReconciler.Name + "-proxy";

    public static void Start(ActorSystem system, NodeTables tables, LeaderboardView view, LeaderboardOptions options)
    {
        system.ActorOf(LeaderboardViewer.Props(view, options.Size), LeaderboardViewer.Name);
        system.ActorOf(LeaderboardCandidatesResponder.Props(tables), LeaderboardCandidatesResponder.Name);
        system.ActorOf(LeaderboardWriter.Props(tables, options), LeaderboardWriter.Name);
        system.ActorOf(ClusterSingletonManager.Props(
                LeaderboardReconciler.Props(options), PoisonPill.Instance, ClusterSingletonManagerSettings.Create(system)),
            LeaderboardReconciler.Name);
        system.ActorOf(ClusterSingletonProxy.Props("/user/" + LeaderboardReconciler.Name, ClusterSingletonProxySettings.Create(system)),
            ReconcilerProxyName);
    }

    /// <summary>Runs a reconciliation now, wherever the singleton lives.</summary>
    public static Task<Reconciled> ReconcileNow(ActorSystem system, TimeSpan timeout) =>
        system.ActorSelection("/user/" + ReconcilerProxyName).Ask<Reconciled>(Reconcile.Instance, timeout);
}
