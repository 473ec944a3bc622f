namespace BlocksterV2.Web;

/// <summary>
/// Environment variables the platform sets under its own names: <c>DNS_CLUSTER_QUERY</c> (as the DNSCluster of the
/// Elixir service this store replaces read it) names the DNS service, <c>FLY_PRIVATE_IP</c> is the address other machines reach this one at.
/// Explicit <c>Bux:</c> settings win.
/// </summary>
public static class PlatformSettings
{
    public static IEnumerable<KeyValuePair<string, string?>> Map(IConfiguration configuration)
    {
        if (Unset(configuration, "Bux:Discovery:ServiceName") && configuration["DNS_CLUSTER_QUERY"] is { Length: > 0 } query)
            yield return new("Bux:Discovery:ServiceName", query);
        if (Unset(configuration, "Bux:PublicHostname") && configuration["FLY_PRIVATE_IP"] is { Length: > 0 } privateIp)
            yield return new("Bux:PublicHostname", privateIp);
    }

    private static bool Unset(IConfiguration configuration, string key) => string.IsNullOrWhiteSpace(configuration[key]);
}
