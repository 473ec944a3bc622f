using Akka.Actor;
using Akka.Cluster;

namespace BlocksterV2.Cluster.Formation;

/// <summary>Answers <see cref="ContactPointProbe"/>s from starting nodes for as long as this node runs.</summary>
public sealed class ContactPointResponder : ReceiveActor
{
    public const string Name = "bux-contact-point";

    public ContactPointResponder()
    {
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        Receive<ContactPointProbe>(_ => Sender.Tell(Answer(cluster.State, cluster.SelfMember, cluster.SelfAddress)));
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new ContactPointResponder());

    public static ActorPath PathAt(Address node) => new RootActorPath(node) / "user" / Name;

    private static ContactPointAnswer Answer(ClusterEvent.CurrentClusterState state, Member self, Address selfAddress)
    {
        if (!IsUp(self))
            return new ContactPointAnswer(selfAddress.ToString(), []);
        var members = state.Members.Where(IsUp).Select(m => m.Address.ToString()).ToList();
        return new ContactPointAnswer(selfAddress.ToString(), members);
    }

    private static bool IsUp(Member member) => member.Status is MemberStatus.Up or MemberStatus.WeaklyUp;
}
