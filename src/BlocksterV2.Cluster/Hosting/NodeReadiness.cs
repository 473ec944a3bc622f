namespace BlocksterV2.Cluster.Hosting;

/// <summary>
/// Whether this node may take traffic: its cluster member is Up, its copy of the journal has caught up with the other
/// members', its shard regions have started, it is not cut off from the majority of the cluster, and it is not leaving.
/// </summary>
public sealed class NodeReadiness
{
    private volatile bool _memberUp;
    private volatile bool _caughtUp;
    private volatile bool _regionsStarted;
    private volatile bool _leaving;
    private volatile string? _cutOff;
    private Func<string> _catchUpProgress = () => "waiting for the local tables to load";

    public bool IsReady => _memberUp && _caughtUp && _regionsStarted && !_leaving && _cutOff is null;

    /// <summary>Why this node is on a side of a partition the split-brain resolver will down; null when it is not.</summary>
    public string? CutOff => _cutOff;

    public string Status => (_leaving, _memberUp, _caughtUp, _regionsStarted, _cutOff) switch
    {
        (true, _, _, _, _) => "leaving the cluster",
        (_, false, _, _, _) => "waiting for this member to be Up in the cluster",
        (_, _, false, _, _) => $"catching up with the other members' copies ({_catchUpProgress()})",
        (_, _, _, false, _) => "waiting for the shard regions to start",
        (_, _, _, _, { } cutOff) => cutOff,
        _ => "ready",
    };

    public void MemberUp() => _memberUp = true;

    /// <summary>The copy is catching up; <paramref name="progress"/> says how far it is, for <see cref="Status"/>.</summary>
    public void CatchingUp(Func<string> progress) => _catchUpProgress = progress;

    public void CaughtUp() => _caughtUp = true;

    public void RegionsStarted() => _regionsStarted = true;

    public void Leaving() => _leaving = true;

    public void CutOffFromMajority(string? why) => _cutOff = why;
}
