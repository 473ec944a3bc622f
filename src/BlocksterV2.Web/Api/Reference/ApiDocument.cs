using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace BlocksterV2.Web.Api.Reference;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c> and the API reference page that reads it. The routes state their
/// answers with <c>Produces</c>/<c>ProducesProblem</c> and the guards in <see cref="RouteGuardConventions"/>; the
/// transformers here add what endpoint metadata cannot say: the key's security scheme, where it applies, the types
/// of the query parameters (bound as strings so a bad value gets a problem naming it) and what each status means.
/// </summary>
public static class ApiDocument
{
    public const string ReferencePath = "/scalar";

    public static IServiceCollection AddBuxOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "BlocksterV2 BUX store";
                document.Info.Description = "BUX balances of users and reward pools of posts. Errors are problem details " +
                                            "(application/problem+json) with `detail` (the reason), `code` and `field` (the offending input).";
                document.AddComponent(ApiKeySecurity.SchemeId, ApiKeySecurity.Scheme);
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                ApiKeySecurity.Apply(operation, context);
                QueryParameterSchemas.Apply(operation, context);
                ProblemResponses.Describe(operation);
                return Task.CompletedTask;
            });
        });

    public static void MapApiReference(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference(ReferencePath, page => page
            .WithTitle("BlocksterV2 BUX API")
            // the page loads nothing from elsewhere: its script is served by the node, and no fonts from a CDN
            .DisableDefaultFonts()
            .AddPreferredSecuritySchemes(ApiKeySecurity.SchemeId));
    }
}
