using BlocksterV2.Domain;

namespace BlocksterV2.Web.Api;

/// <summary>RFC 9457 problem details naming the offending field and the reason.</summary>
public static class Problems
{
    public static IResult From(Rejection rejection) => Create(StatusFor(rejection.Code), rejection.Code.ToString(), rejection.Field, rejection.Reason);

    public static IResult Create(int status, string code, string? field, string reason) =>
        Results.Problem(
            statusCode: status,
            title: TitleFor(status),
            detail: reason,
            type: $"urn:blockster:bux:{Kebab(code)}",
            extensions: new Dictionary<string, object?> { ["code"] = code, ["field"] = field });

    public static int StatusFor(RejectionCode code) => code switch
    {
        RejectionCode.InvalidInput => StatusCodes.Status400BadRequest,
        RejectionCode.NotFound => StatusCodes.Status404NotFound,
        RejectionCode.StorageUnavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status409Conflict,
    };

    private static string TitleFor(int status) => status switch
    {
        400 => "Invalid input",
        401 => "Missing or wrong API key",
        404 => "Not found",
        409 => "Conflict",
        413 => "Request body too large",
        503 => "Service unavailable",
        504 => "No answer in time",
        _ => "Error",
    };

    private static string Kebab(string code) =>
        string.Concat(code.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
