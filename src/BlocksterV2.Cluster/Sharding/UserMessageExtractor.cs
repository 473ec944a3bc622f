using Akka.Cluster.Sharding;
using BlocksterV2.Domain;

namespace BlocksterV2.Cluster.Sharding;

public sealed class UserMessageExtractor(int maxNumberOfShards) : HashCodeMessageExtractor(maxNumberOfShards)
{
    public override string? EntityId(object message) => (message as IWithUserId)?.UserId;
}
