using Akka.Actor;

namespace BlocksterV2.Cluster.Formation;

/// <summary>Reads static seed nodes written as <c>host:port</c> (as <c>--join</c> takes them) or as full Akka addresses.</summary>
public static class SeedNodes
{
    /// <exception cref="FormatException">An entry is neither; the message names it and shows both forms.</exception>
    public static IReadOnlyList<Address> Parse(IEnumerable<string> entries, string systemName) =>
        entries.Select(entry => Parse(entry, systemName)).ToList();

    private static Address Parse(string entry, string systemName)
    {
        var text = entry.Trim();
        if (text.Contains("://"))
        {
            try
            {
                return Address.Parse(text);
            }
            catch (Exception e) when (e is UriFormatException or ArgumentException)
            {
                throw Invalid(entry, systemName);
            }
        }
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], out var port) || port is < 1 or > 65535)
            throw Invalid(entry, systemName);
        var host = text[..colon];
        if (host.Contains(':') && !host.StartsWith('['))
            host = $"[{host}]";
        return new Address("akka.tcp", systemName, host, port);
    }

    private static FormatException Invalid(string entry, string systemName) =>
        new($"seed node '{entry}' is not host:port (e.g. 127.0.0.1:4053, [fdaa::3]:4053) nor an Akka address (e.g. akka.tcp://{systemName}@127.0.0.1:4053)");
}
