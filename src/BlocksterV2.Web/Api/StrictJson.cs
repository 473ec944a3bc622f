using System.Text.Json;
using System.Text.Json.Serialization;

namespace BlocksterV2.Web.Api;

/// <summary>
/// Request bodies are read one way only. A proxy, a log or an audit that reads <c>{"amount":1,"amount":50}</c>
/// sees the first key where the serializer would take the last, so a duplicate key is refused; so are fields the
/// route does not know (a misspelt or case-variant <c>"Amount"</c> would otherwise be dropped silently and the
/// default used) and numbers sent as strings (<c>"5"</c>): the OpenAPI document says what each route takes.
/// </summary>
public static class StrictJson
{
    public static void Apply(JsonSerializerOptions json)
    {
        json.AllowDuplicateProperties = false;
        json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        json.PropertyNameCaseInsensitive = false;
        json.NumberHandling = JsonNumberHandling.Strict;
        // a field the route needs (a constructor parameter without a default) must be sent: a missing "amount" would
        // otherwise read as 0, and the refusal would name the wrong cause. (Not RespectNullableAnnotations: it also
        // applies when responses are written; a null where a string is required is refused by the route's own check.)
        json.RespectRequiredConstructorParameters = true;
        json.Converters.Add(new JsonStringEnumConverter());
    }

    /// <summary>
    /// The largest body a route takes: a whole user record is four extra fields of 1,024 characters (up to six
    /// bytes each when escaped) and a few short ones, about 25 KB. Larger bodies are refused with 413 before they
    /// are read, so a client cannot make the node buffer megabytes to be told the request is invalid.
    /// </summary>
    public const long MaxRequestBodyBytes = 64 * 1024;
}
