using Microsoft.Extensions.Logging.Console;

namespace BlocksterV2.Web.Logging;

public enum LogFormat
{
    /// <summary>The console formatter's readable lines, as a person reads them in a terminal.</summary>
    Text,

    /// <summary>One JSON object per line (the built-in JSON console formatter), for a log pipeline.</summary>
    Json,
}

/// <summary>
/// <c>Bux:Logging:Format</c>: <c>text</c> (the default) or <c>json</c>. One switch beside the node's other settings;
/// the standard <c>Logging:Console:*</c> keys still tune the formatter it picks.
/// </summary>
public static class ConsoleLogFormat
{
    public const string Key = "Bux:Logging:Format";

    /// <exception cref="StartupRefusedException">The value is neither <c>text</c> nor <c>json</c>.</exception>
    public static LogFormat Apply(ILoggingBuilder logging, IConfiguration configuration)
    {
        var format = Parse(configuration[Key]);
        if (format == LogFormat.Json)
        {
            logging.AddJsonConsole(json =>
            {
                // a pipeline orders and joins lines by time: UTC, to the millisecond, in every line
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                json.UseUtcTimestamp = true;
                json.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
            });
        }
        return format;
    }

    public static LogFormat Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "text" => LogFormat.Text,
        "json" => LogFormat.Json,
        _ => throw new StartupRefusedException($"Refusing to start: {Key} is '{value}'; set text (the default) or json."),
    };
}
