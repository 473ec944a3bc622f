namespace BlocksterV2.Cluster.Hosting;

/// <summary>
/// Whether this node may take traffic: its cluster member is Up and its shard regions have started.
/// It stops being ready as soon as the member starts leaving.
/// </summary>
public sealed class NodeReadiness
{
    private volatile bool _memberUp;
    private volatile bool _regionsStarted;
    private volatile bool _leaving;

    public bool IsReady => _memberUp && _regionsStarted && !_leaving;

    public string Status => (_leaving, _memberUp, _regionsStarted) switch
    {
        (true, _, _) => "leaving the cluster",
        (_, false, _) => "waiting for this member to be Up in the cluster",
        (_, _, false) => "waiting for the shard regions to start",
        _ => "ready",
    };

    public void MemberUp() => _memberUp = true;

    public void RegionsStarted() => _regionsStarted = true;

    public void Leaving() => _leaving = true;
}
