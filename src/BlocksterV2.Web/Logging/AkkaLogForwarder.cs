using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Event;
using Akka.Hosting.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace BlocksterV2.Web.Logging;

/// <summary>The console format the node logs in, handed to <see cref="AkkaLogForwarder"/> through the actor system's setup.</summary>
public sealed class AkkaLogSetup(LogFormat format) : Setup
{
    public LogFormat Format { get; } = format;
}

/// <summary>
/// Akka.Hosting's ILoggerFactory logger hands ILogger the <see cref="LogEvent"/> with a formatter that calls its
/// <c>ToString</c>, so a JSON line holds one pre-formatted string. This one writes <see cref="AkkaLogFields"/>: the same
/// line in the text format, and the source, the node's address and the entity's persistence id as fields in JSON.
/// </summary>
public sealed class AkkaLogForwarder : LoggerFactoryLogger
{
    private readonly ILogger _logger;
    private readonly LogFormat _format;
    private string? _address;

    public AkkaLogForwarder()
    {
        // the base constructor has checked that the setup is there
        _logger = Context.System.Settings.Setup.Get<LoggerFactorySetup>().Value.LoggerFactory.CreateLogger<ActorSystem>();
        _format = Context.System.Settings.Setup.Get<AkkaLogSetup>().Select(s => s.Format).GetOrElse(LogFormat.Text);
    }

    protected override void Log(LogEvent log, ActorPath path)
    {
        var level = Level(log.LogLevel());
        if (!_logger.IsEnabled(level))
            return;
        _logger.Log(level, default, new AkkaLogFields(log, Address(), _format), log.Cause, static (fields, _) => fields.ToString());
    }

    /// <summary>Where this node is reached (its remoting address, with the port it bound), once remoting knows it.</summary>
    private string? Address()
    {
        if (_address is not null)
            return _address;
        var address = ((ExtendedActorSystem)Context.System).Provider.DefaultAddress;
        if (address is { Port: not null })
            _address = address.ToString();
        return address?.ToString();
    }

    private static LogLevel Level(Akka.Event.LogLevel level) => level switch
    {
        Akka.Event.LogLevel.DebugLevel => LogLevel.Debug,
        Akka.Event.LogLevel.InfoLevel => LogLevel.Information,
        Akka.Event.LogLevel.WarningLevel => LogLevel.Warning,
        _ => LogLevel.Error,
    };
}
