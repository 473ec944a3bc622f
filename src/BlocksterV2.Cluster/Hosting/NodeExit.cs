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
    public const int RegionsFailed = 4;

    public static (int Code, string Why) For(CoordinatedShutdown.Reason? reason) => reason switch
    {
        CoordinatedShutdown.ClusterJoinUnsuccessfulReason =>
            (JoinFailed, "this node could not join a cluster within Bux:Discovery:JoinTimeout; exiting with code 2 so the platform restarts it"),
        CoordinatedShutdown.ClusterDowningReason =>
            (Downed, "this node was downed by the cluster (split-brain resolver or an operator); exiting with code 3 so the platform restarts it"),
        ShardRegionsFailedReason =>
            (RegionsFailed, "this node could not load its local tables, catch up with the other members or start its shard regions (the error is logged above); exiting with code 4 so the platform restarts it"),
        CoordinatedShutdown.ClusterLeavingReason =>
            (Clean, "this node left the cluster on request; exiting with code 0"),
        _ => (Clean, "stopped; exiting with code 0"),
    };
}

/// <summary>Coordinated shutdown because the shard regions did not start once this member was Up.</summary>
public sealed class ShardRegionsFailedReason : CoordinatedShutdown.Reason
{
    public static readonly ShardRegionsFailedReason Instance = new();

    private ShardRegionsFailedReason()
    {
    }

    public override int ExitCode => NodeExit.RegionsFailed;
}
