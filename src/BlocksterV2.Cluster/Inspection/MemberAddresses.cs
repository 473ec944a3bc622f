using Akka.Actor;
using Akka.Cluster;
using BlocksterV2.Cluster.Formation;

namespace BlocksterV2.Cluster.Inspection;

/// <summary>Reads the <c>-a</c> switch: <c>host:port</c> (as <c>--join</c> takes it) or a full Akka address.</summary>
internal static class MemberAddresses
{
    /// <exception cref="PbmBadInputException">Neither form.</exception>
    public static Address Parse(string text, ActorSystem system)
    {
        try
        {
            return SeedNodes.Parse([text], system.Name)[0];
        }
        catch (FormatException)
        {
            throw new PbmBadInputException(
                $"-a {text}: not host:port (e.g. 127.0.0.2:4053) nor an Akka address (e.g. akka.tcp://{system.Name}@127.0.0.2:4053)");
        }
    }

    /// <exception cref="PbmBadInputException">Not an address, or no member of the cluster this node sees.</exception>
    public static Member Member(string text, Akka.Cluster.Cluster cluster, ActorSystem system)
    {
        var address = Parse(text, system);
        return cluster.State.Members.FirstOrDefault(m => m.Address == address)
               ?? throw new PbmBadInputException(
                   $"{address} is not a member of this cluster; members: {string.Join(", ", cluster.State.Members.Select(m => m.Address))}");
    }
}
