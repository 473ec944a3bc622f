using Akka.Actor;

namespace BlocksterV2.Cluster.Entities;

/// <summary>
/// Creates entity actors with a plain constructor call. <c>Props.Create(() =&gt; new ...)</c> evaluates an
/// expression tree for every entity started, which costs a compile per entity and keeps more garbage alive.
/// </summary>
internal sealed class UserBuxActorProducer(string userId, EntitySettings settings) : IIndirectActorProducer
{
    public Type ActorType => typeof(UserBuxActor);

    public ActorBase Produce() => new UserBuxActor(userId, settings);

    public void Release(ActorBase actor) { }

    public static Props Props(string userId, EntitySettings settings) =>
        Akka.Actor.Props.CreateBy(new UserBuxActorProducer(userId, settings)).WithMailbox(CompactDequeMailbox.ConfigPath);
}

internal sealed class PostBuxActorProducer(string postId, IActorRef users, EntitySettings settings, IFaultInjection faults) : IIndirectActorProducer
{
    public Type ActorType => typeof(PostBuxActor);

    public ActorBase Produce() => new PostBuxActor(postId, users, settings, faults);

    public void Release(ActorBase actor) { }

    public static Props Props(string postId, IActorRef users, EntitySettings settings, IFaultInjection faults) =>
        Akka.Actor.Props.CreateBy(new PostBuxActorProducer(postId, users, settings, faults)).WithMailbox(CompactDequeMailbox.ConfigPath);
}
