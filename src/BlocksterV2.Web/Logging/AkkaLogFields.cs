using System.Collections;
using System.Globalization;
using Akka.Event;
using BlocksterV2.Cluster.Entities;
using BlocksterV2.Cluster.Sharding;

namespace BlocksterV2.Web.Logging;

/// <summary>
/// One Akka log event as ILogger state: the fields a pipeline filters on (<c>akkaSource</c>, <c>akkaAddress</c>,
/// <c>persistenceId</c> when an entity logged, the template's named properties) rather than one pre-formatted
/// string. <see cref="ToString"/> is the line the text format shows, unchanged from Akka's own.
/// </summary>
public sealed class AkkaLogFields : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly List<KeyValuePair<string, object?>> _fields;
    private readonly string _line;

    public AkkaLogFields(LogEvent log, string? address, LogFormat format)
    {
        var message = log.Message?.ToString() ?? "";
        _line = format == LogFormat.Json ? message : log.ToString() ?? message;
        _fields =
        [
            new("akkaSource", log.LogSource),
            new("akkaLogClass", log.LogClass?.FullName),
            new("akkaAddress", address),
            new("akkaThread", log.Thread?.ManagedThreadId),
            // the event's own time: it reaches the logger through a mailbox, later than it happened
            new("akkaTimestamp", log.Timestamp.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)),
        ];
        if (PersistenceIdOf(log.LogSource) is { } persistenceId)
            _fields.Add(new("persistenceId", persistenceId));
        if (log.Message is LogMessage template)
        {
            // positional templates ("{0}") name nothing a pipeline could query; named ones ("{UserId}") do
            foreach (var (name, value) in template.GetProperties())
            {
                if (!name.All(char.IsAsciiDigit))
                    _fields.Add(new(name, value));
            }
            _fields.Add(new("{OriginalFormat}", template.Format));
        }
    }

    /// <summary>
    /// The persistence id of a sharded entity that logged, from its path:
    /// <c>akka://blockster/system/sharding/user-bux/{shard}/{escaped user id}</c> is <c>user_bux_points|{user id}</c>.
    /// </summary>
    public static string? PersistenceIdOf(string? source)
    {
        var segments = source?.Split('/') ?? [];
        var sharding = Array.IndexOf(segments, "sharding");
        if (sharding < 0 || segments.Length != sharding + 4 || segments[^1].Length == 0)
            return null;
        var id = Uri.UnescapeDataString(segments[^1]);
        return segments[sharding + 1] switch
        {
            BuxShardRegions.UserTypeName => PersistenceIds.User(id),
            BuxShardRegions.PostTypeName => PersistenceIds.Post(id),
            _ => null,
        };
    }

    public override string ToString() => _line;

    public KeyValuePair<string, object?> this[int index] => _fields[index];

    public int Count => _fields.Count;

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
