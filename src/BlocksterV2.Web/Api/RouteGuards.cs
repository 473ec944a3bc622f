namespace BlocksterV2.Web.Api;

/// <summary>
/// Endpoint metadata: the route changes data, or shows what only operators should see (the cluster's private
/// addresses), and needs <c>X-Api-Key</c> when a key is configured.
/// </summary>
public sealed class RequiresApiKey
{
    public static readonly RequiresApiKey Instance = new();
}

/// <summary>
/// Endpoint metadata: the route is open, and shows more (this node's private details) to a caller with the key.
/// </summary>
public sealed class ShowsMoreWithApiKey
{
    public static readonly ShowsMoreWithApiKey Instance = new();
}

/// <summary>Endpoint metadata: the route asks entities and needs this node to be ready.</summary>
public sealed class RequiresReadyNode
{
    public static readonly RequiresReadyNode Instance = new();
}

/// <summary>
/// The guards <see cref="RouteGuardMiddleware"/> enforces, each added with the problem it answers, so the OpenAPI
/// document cannot list a guard without its status or a status without its guard.
/// </summary>
public static class RouteGuardConventions
{
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(RequiresApiKey.Instance).ProducesProblem(StatusCodes.Status401Unauthorized);

    public static TBuilder RequireReadyNode<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(RequiresReadyNode.Instance).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>
    /// A JSON body: malformed, mistyped or invalid input is 400 (<see cref="BadRequestHandler"/> and the domain's
    /// checks), a body announced larger than <see cref="StrictJson.MaxRequestBodyBytes"/> is 413.
    /// </summary>
    public static TBuilder TakesJsonBody<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge);

    /// <summary>Asked through <see cref="EntityAsk"/>: an id it refuses is 400, an entity that does not answer in time 504.</summary>
    public static TBuilder AsksAnEntity<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status504GatewayTimeout);
}
