using Akka.Actor;
using Akka.Cluster;

namespace BlocksterV2.Cluster.Formation;

/// <summary>
/// A node found through discovery, as Akka remoting writes addresses (IPv6 in brackets). Ordered exactly as
/// Akka orders member addresses (host text, then port), which decides who forms a new cluster.
/// </summary>
public sealed record ContactPoint(string Host, int Port) : IComparable<ContactPoint>
{
    public static ContactPoint Of(Address address) =>
        new(address.Host ?? throw new ArgumentException($"{address} has no host", nameof(address)),
            address.Port ?? throw new ArgumentException($"{address} has no port", nameof(address)));

    public Address ToAddress(string systemName) => new("akka.tcp", systemName, Host, Port);

    public int CompareTo(ContactPoint? other) =>
        other is null ? 1 : Member.AddressOrdering.Compare(ToAddress(""), other.ToAddress(""));

    public override string ToString() => $"{Host}:{Port}";
}
