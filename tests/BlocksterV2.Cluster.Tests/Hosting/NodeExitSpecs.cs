using Akka.Actor;
using BlocksterV2.Cluster.Hosting;

namespace BlocksterV2.Cluster.Tests.Hosting;

/// <summary>The platform restarts a node that exits non-zero: only a requested stop or leave may exit 0.</summary>
public sealed class NodeExitSpecs
{
    public static TheoryData<string, int> Reasons => new()
    {
        { nameof(CoordinatedShutdown.ClrExitReason), NodeExit.Clean },
        { nameof(CoordinatedShutdown.ClusterLeavingReason), NodeExit.Clean },
        { nameof(CoordinatedShutdown.ClusterJoinUnsuccessfulReason), NodeExit.JoinFailed },
        { nameof(CoordinatedShutdown.ClusterDowningReason), NodeExit.Downed },
        { nameof(ShardRegionsFailedReason), NodeExit.RegionsFailed },
    };

    private static CoordinatedShutdown.Reason Reason(string name) => name switch
    {
        nameof(CoordinatedShutdown.ClrExitReason) => CoordinatedShutdown.ClrExitReason.Instance,
        nameof(CoordinatedShutdown.ClusterLeavingReason) => CoordinatedShutdown.ClusterLeavingReason.Instance,
        nameof(CoordinatedShutdown.ClusterJoinUnsuccessfulReason) => CoordinatedShutdown.ClusterJoinUnsuccessfulReason.Instance,
        nameof(CoordinatedShutdown.ClusterDowningReason) => CoordinatedShutdown.ClusterDowningReason.Instance,
        _ => ShardRegionsFailedReason.Instance,
    };

    [Theory]
    [MemberData(nameof(Reasons))]
    public void Each_way_of_stopping_has_its_exit_code_and_says_it(string reason, int code)
    {
        var (exitCode, why) = NodeExit.For(Reason(reason));

        Assert.Equal(code, exitCode);
        Assert.Contains($"exiting with code {code}", why);
    }
}
