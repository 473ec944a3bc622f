using Akka.Actor;
using BlocksterV2.Cluster.Entities;
using BlocksterV2.Cluster.Sharding;

namespace BlocksterV2.Cluster.Replication;

/// <summary>
/// An entity resident here whose stored history just changed other than by appending (a conflict moved events of it to
/// the conflicts table) holds a state the journal no longer has: it stops, and its next message recovers it from the
/// journal. Rare: it needs two nodes that both wrote the entity.
/// </summary>
public static class StaleEntities
{
    public static Action<IReadOnlyCollection<string>> Tell(ActorSystem system) => persistenceIds =>
    {
        foreach (var persistenceId in persistenceIds)
        {
            var (typeName, entityId) = persistenceId.StartsWith(PersistenceIds.UserPrefix, StringComparison.Ordinal)
                ? (BuxShardRegions.UserTypeName, persistenceId[PersistenceIds.UserPrefix.Length..])
                : persistenceId.StartsWith(PersistenceIds.PostPrefix, StringComparison.Ordinal)
                    ? (BuxShardRegions.PostTypeName, persistenceId[PersistenceIds.PostPrefix.Length..])
                    : (null, null);
            if (typeName is not null)
                system.ActorSelection($"/system/sharding/{typeName}/*/{Uri.EscapeDataString(entityId!)}").Tell(PoisonPill.Instance);
        }
    };
}
