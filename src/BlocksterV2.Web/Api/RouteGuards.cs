namespace BlocksterV2.Web.Api;

/// <summary>
/// Endpoint metadata: the route changes data, or shows what only operators should see (the cluster's private
/// addresses), and needs <c>X-Api-Key</c> when a key is configured.
/// </summary>
public sealed class RequiresApiKey
{
    public static readonly RequiresApiKey Instance = new();
}

/// <summary>Endpoint metadata: the route asks entities and needs this node to be ready.</summary>
public sealed class RequiresReadyNode
{
    public static readonly RequiresReadyNode Instance = new();
}
