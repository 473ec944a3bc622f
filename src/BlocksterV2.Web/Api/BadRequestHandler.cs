using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace BlocksterV2.Web.Api;

/// <summary>Malformed, mistyped or missing JSON bodies become a 400 problem naming the JSON path that failed.</summary>
public sealed class BadRequestHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
            return false;
        var (field, reason) = Explain(bad);
        await Problems.Create(StatusCodes.Status400BadRequest, "InvalidInput", field, reason).ExecuteAsync(httpContext);
        return true;
    }

    private static (string Field, string Reason) Explain(BadHttpRequestException bad)
    {
        if (bad.InnerException is not JsonException json)
            return ("body", "the request needs a JSON object body with this route's fields (see /openapi/v1.json)");
        if (QuotedName(json.Message) is { } name)
        {
            if (json.Message.Contains("could not be mapped", StringComparison.Ordinal))
                return (name, $"'{name}' is not a field of this route (field names are camelCase and case-sensitive; see /openapi/v1.json)");
            if (json.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
                return (name, $"'{name}' appears more than once in the request body; send each field once");
        }
        var path = json.Path ?? "$";
        var field = path.Length > 2 ? path.TrimStart('$', '.') : "body";
        if (json.Message.Contains("missing required properties", StringComparison.Ordinal) && MissingNames(json.Message) is [var first, ..] missing)
        {
            return (first, missing.Length == 1
                ? $"{first} is required (see /openapi/v1.json)"
                : $"{string.Join(", ", missing)} are required (see /openapi/v1.json)");
        }
        if (json.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return field == "body"
                ? (field, $"the request body at '{path}' must be a JSON object with this route's fields (see /openapi/v1.json)")
                : (field, $"the value at '{path}' has the wrong JSON type or is out of range (amounts and times are whole numbers up to {long.MaxValue})");
        }
        var end = json.Message.IndexOf(" Path:", StringComparison.Ordinal);
        return (field, $"the request body is not valid JSON at '{path}': {(end < 0 ? json.Message : json.Message[..end])}");
    }

    /// <summary>The fields after "including:" in <c>... was missing required properties including: 'amount', 'reason'.</c></summary>
    private static string[] MissingNames(string message)
    {
        var including = message.IndexOf("including:", StringComparison.Ordinal);
        if (including < 0)
            return [];
        var end = message.IndexOf(" Path:", including, StringComparison.Ordinal);
        var list = message[(including + "including:".Length)..(end < 0 ? message.Length : end)];
        return list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(n => JsonNamingPolicy.CamelCase.ConvertName(n.Trim('\'', '.')))
            .ToArray();
    }

    /// <summary>The property System.Text.Json names in its message: <c>The JSON property 'amout' could not be mapped ...</c>.</summary>
    private static string? QuotedName(string message)
    {
        var start = message.IndexOf('\'');
        var end = start < 0 ? -1 : message.IndexOf('\'', start + 1);
        return end > start + 1 ? message[(start + 1)..end] : null;
    }
}
