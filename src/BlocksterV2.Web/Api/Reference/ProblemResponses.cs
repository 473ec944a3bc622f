using Microsoft.OpenApi;

namespace BlocksterV2.Web.Api.Reference;

/// <summary>
/// What each problem status means on this API (the README's table), instead of the bare reason phrase; and the
/// responses in status order (the guards add theirs before the route's own 200).
/// </summary>
public static class ProblemResponses
{
    private static readonly Dictionary<string, string> Meanings = new()
    {
        ["400"] = "Invalid input: a bad id, amount or wallet, a bad query parameter, or malformed or mistyped JSON; `field` names it",
        ["401"] = "X-Api-Key missing or wrong (on a node with Bux:ApiKey), checked before the body is read",
        ["404"] = "No such user, post or table",
        ["409"] = "Conflict: overdraft, version conflict, idempotency key reused for another request, already rewarded, " +
                  "read too short, pool too small, or no reward configured; `code` says which",
        ["413"] = $"The request body is larger than the {StrictJson.MaxRequestBodyBytes} bytes any route takes",
        ["503"] = "The node is not ready (not Up yet, catching up, or leaving), or the write could not be stored or " +
                  "acknowledged (nothing changed; retry with the same idempotency key)",
        ["504"] = "The entity (on /api/cluster/shards, a shard region) did not answer within Bux:AskTimeout; a write may still " +
                  "complete: retry with the same idempotency key",
    };

    public static void Describe(OpenApiOperation operation)
    {
        if (operation.Responses is not { } responses)
            return;
        var ordered = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        responses.Clear();
        foreach (var (status, response) in ordered)
        {
            if (Meanings.TryGetValue(status, out var meaning) && response is OpenApiResponse problem && IsProblem(problem))
                problem.Description = meaning;
            responses.Add(status, response);
        }
    }

    private static bool IsProblem(OpenApiResponse response) =>
        response.Content?.ContainsKey("application/problem+json") == true;
}
