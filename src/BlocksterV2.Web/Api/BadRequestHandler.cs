using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace BlocksterV2.Web.Api;

/// <summary>Malformed or mistyped JSON bodies become a 400 problem naming the JSON path that failed.</summary>
public sealed class BadRequestHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
            return false;
        var json = bad.InnerException as JsonException;
        var field = json?.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
        var reason = json is not null
            ? $"the request body is not valid JSON for this route at '{json.Path ?? "$"}': {FirstSentence(json.Message)}"
            : bad.Message;
        var result = Problems.Create(StatusCodes.Status400BadRequest, "InvalidInput", field, reason);
        await result.ExecuteAsync(httpContext);
        return true;
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
