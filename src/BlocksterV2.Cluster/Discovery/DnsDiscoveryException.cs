namespace BlocksterV2.Cluster.Discovery;

/// <summary>
/// A DNS lookup that could not say which targets exist: no name server answered in time, or one answered with a
/// failure (SERVFAIL, REFUSED). The message is one line for an operator. A name that does not exist is not this:
/// that is an empty answer.
/// </summary>
public sealed class DnsDiscoveryException : Exception
{
    public DnsDiscoveryException(string message) : base(message)
    {
    }

    public DnsDiscoveryException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
