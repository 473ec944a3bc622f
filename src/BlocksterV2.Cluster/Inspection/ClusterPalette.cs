using Akka.Actor;
using Akka.Cluster;
using BlocksterV2.Cluster.Inspection.Wire;

namespace BlocksterV2.Cluster.Inspection;

/// <summary>Petabridge.Cmd's <c>cluster</c> palette: membership as this node sees it, and changing it.</summary>
internal sealed class ClusterPalette(ActorSystem system) : IPbmPalette
{
    private static readonly SwitchDefinition Address = new("a", "address", "a member, host:port or akka.tcp://blockster@host:port", Mandatory: true);

    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(system);

    public PaletteDefinition Definition { get; } = new("cluster", "cluster membership, as this node sees it",
    [
        new("show", "one row per member: address | [roles] | status | reachability | version; the leader marked", []),
        new("leader", "the leader's address", []),
        new("leave", "this node (or -a the given member) leaves the cluster gracefully; a node that left exits 0",
            [Address with { Mandatory = false, Description = "the member to leave; default this node" }]),
        new("down", "marks the given member Down: the cluster removes it and it exits 3", [Address with { Description = "the member to down" }]),
        new("join", "this node joins the cluster of the given address", [Address with { Description = "any member of the cluster to join" }]),
        new("down-unreachable", "marks every unreachable member Down", []),
    ]);

    public IAsyncEnumerable<string> Run(PbmCommandCall call, CancellationToken cancellationToken) => call.Command switch
    {
        "show" => Show().Streamed(),
        "leader" => Leader().Streamed(),
        "leave" => Leave(call.Optional("a")).Streamed(),
        "down" => Down(call.Required("a")).Streamed(),
        "join" => Join(call.Required("a")).Streamed(),
        "down-unreachable" => DownUnreachable().Streamed(),
        _ => throw new InvalidOperationException($"cluster palette has no handler for '{call.Command}'"),
    };

    private IEnumerable<string> Show()
    {
        var state = _cluster.State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        foreach (var member in state.Members)
        {
            var row = $"{member.Address} | [{string.Join(", ", member.Roles.Order())}] | {member.Status} | " +
                      $"{(unreachable.Contains(member.Address) ? "unreachable" : "reachable")} | {member.AppVersion}";
            yield return member.Address == state.Leader ? $"{row} | leader" : row;
        }
        yield return $"Count: {state.Members.Count} member(s), {unreachable.Count} unreachable; seen by {_cluster.SelfAddress}";
    }

    private IEnumerable<string> Leader()
    {
        yield return _cluster.State.Leader?.ToString() ?? $"no leader: {_cluster.SelfAddress} is not in a cluster with an Up member";
    }

    private IEnumerable<string> Leave(string? address)
    {
        var member = address is null ? _cluster.SelfMember : MemberAddresses.Member(address, _cluster, system);
        if (member.Address != _cluster.SelfAddress)
        {
            _cluster.Leave(member.Address);
            yield return $"{member.Address} is leaving the cluster";
            yield break;
        }
        yield return $"{_cluster.SelfAddress} (this node) is leaving the cluster: it hands its shards off, leaves, and exits 0";
        // the whole coordinated shutdown, as SIGTERM: stop taking traffic, hand shards off, leave, stop the process
        CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
    }

    private IEnumerable<string> Down(string address)
    {
        var member = MemberAddresses.Member(address, _cluster, system);
        _cluster.Down(member.Address);
        yield return $"{member.Address} marked Down: the cluster removes it, its shards start on the other members, and it exits 3";
    }

    private IEnumerable<string> Join(string address)
    {
        var target = MemberAddresses.Parse(address, system);
        if (_cluster.SelfMember.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Leaving or MemberStatus.Exiting)
        {
            // Akka ignores a join from a member: say so instead of printing a join that never happens
            throw new PbmBadInputException(
                $"{_cluster.SelfAddress} is already a member of a cluster of {_cluster.State.Members.Count} and a node joins one cluster " +
                "in its life; to move it, stop it and start it with --join host:port");
        }
        _cluster.Join(target);
        yield return $"{_cluster.SelfAddress} is joining the cluster of {target}; `cluster show` lists it Up once it is in";
    }

    private IEnumerable<string> DownUnreachable()
    {
        var unreachable = _cluster.State.Unreachable.ToList();
        if (unreachable.Count == 0)
            yield return "no unreachable members: nothing to down";
        foreach (var member in unreachable)
        {
            _cluster.Down(member.Address);
            yield return $"{member.Address} ({member.Status}, unreachable) marked Down";
        }
    }
}
