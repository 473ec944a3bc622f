using Akka.Actor;

namespace BlocksterV2.Cluster.Hosting;

/// <summary>
/// The process exit code for each way a node stops, so the platform can tell a clean stop from one it must
/// restart. Documented in docs/deploy-fly.md.
/// </summary>
public static class NodeExit
{
    public const int Clean = 0;
    public const int StartupRefused = 1;
    public const int JoinFailed = 2;
    public const int Downed = 3;

    public static (int Code, string Why) For(CoordinatedShutdown.Reason? reason) => reason switch
    {
        CoordinatedShutdown.ClusterJoinUnsuccessfulReason =>
            (JoinFailed, "this node could not join a cluster within Bux:Discovery:JoinTimeout; exiting with code 2 so the platform restarts it"),
        CoordinatedShutdown.ClusterDowningReason =>
            (Downed, "this node was downed by the cluster (split-brain resolver or an operator); exiting with code 3 so the platform restarts it"),
        CoordinatedShutdown.ClusterLeavingReason =>
            (Clean, "this node left the cluster on request; exiting with code 0"),
        _ => (Clean, "stopped; exiting with code 0"),
    };
}
