using Akka.Event;

namespace BlocksterV2.Cluster.Inspection;

/// <summary>
/// A warning that may fire thousands of times a second (a flood, a host out of file descriptors): logged at most once
/// per interval, with how many times it happened since the last line. Thread-safe.
/// </summary>
internal sealed class RateLimitedWarning(ILoggingAdapter log, TimeSpan interval)
{
    private readonly object _gate = new();
    private DateTime _next = DateTime.MinValue;
    private long _suppressed;

    public void Log(string format, params object[] args)
    {
        lock (_gate)
        {
            var now = DateTime.UtcNow;
            if (now < _next)
            {
                _suppressed++;
                return;
            }
            var suppressed = _suppressed;
            _suppressed = 0;
            _next = now + interval;
            var message = string.Format(format, args);
            log.Warning("{0}", suppressed > 0 ? $"{message} ({suppressed} more since the last such line; the next within {interval.TotalSeconds:0}s)" : message);
        }
    }
}
