using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace BlocksterV2.Cluster.Hosting;

/// <summary>Keeps <see cref="NodeReadiness"/> told whether this node is on the side of a partition that stays.</summary>
public sealed class QuorumWatcher : ReceiveActor
{
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public QuorumWatcher(NodeReadiness readiness)
    {
        Receive<ClusterEvent.CurrentClusterState>(_ => Update(readiness));
        Receive<ClusterEvent.IClusterDomainEvent>(_ => Update(readiness));
    }

    private void Update(NodeReadiness readiness)
    {
        var state = _cluster.State;
        var cutOff = ClusterQuorum.CutOff(state.Members, state.Unreachable.Select(m => m.Address).ToHashSet());
        if (cutOff == readiness.CutOff)
            return;
        if (cutOff is null)
            _log.Info("Back with the majority of the cluster; taking traffic again");
        else
            _log.Warning("Not ready: {0}", cutOff);
        readiness.CutOffFromMajority(cutOff);
    }

    public static Props Props(NodeReadiness readiness) => Akka.Actor.Props.Create(() => new QuorumWatcher(readiness));

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));

    protected override void PostStop() => _cluster.Unsubscribe(Self);
}
