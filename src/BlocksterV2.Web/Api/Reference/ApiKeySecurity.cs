using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BlocksterV2.Web.Api.Reference;

/// <summary>
/// <c>X-Api-Key</c> as the document states it, read from the same endpoint metadata <see cref="RouteGuardMiddleware"/>
/// checks: required where the route has <see cref="RequiresApiKey"/>, optional where it has <see cref="ShowsMoreWithApiKey"/>.
/// </summary>
public static class ApiKeySecurity
{
    public const string SchemeId = "ApiKey";

    public static OpenApiSecurityScheme Scheme => new()
    {
        Type = SecuritySchemeType.ApiKey,
        In = ParameterLocation.Header,
        Name = ApiKeyCheck.Header,
        Description = "This node's Bux:ApiKey. A node without a key (never in Production) accepts every request without it.",
    };

    public static void Apply(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var key = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeId, context.Document)] = [] };
        if (metadata.OfType<RequiresApiKey>().Any())
            operation.Security = [key];
        else if (metadata.OfType<ShowsMoreWithApiKey>().Any())
            operation.Security = [new OpenApiSecurityRequirement(), key]; // either no key, or the key
    }
}
