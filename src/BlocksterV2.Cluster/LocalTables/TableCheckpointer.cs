using System.Diagnostics;
using Akka.Event;

namespace BlocksterV2.Cluster.LocalTables;

/// <summary>
/// Writes the local tables' checkpoint in the background: once <see cref="LocalTablesOptions.CheckpointEveryEvents"/>
/// events arrived or <see cref="LocalTablesOptions.CheckpointInterval"/> passed with any, and once more at a clean stop.
/// </summary>
public sealed class TableCheckpointer : IDisposable
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);
    private readonly NodeTables _tables;
    private readonly string _path;
    private readonly LocalTablesOptions _options;
    private readonly ILoggingAdapter _log;
    private readonly Timer _timer;
    private readonly Lock _writing = new();
    private long _lastWrittenAt = Stopwatch.GetTimestamp();

    public TableCheckpointer(NodeTables tables, string path, LocalTablesOptions options, ILoggingAdapter log)
    {
        _tables = tables;
        _path = path;
        _options = options;
        _log = log;
        _timer = new Timer(_ => WriteIfDue(), null, CheckEvery, CheckEvery);
    }

    /// <summary>Writes a checkpoint now unless one is being written or nothing changed since the last.</summary>
    public void WriteNow()
    {
        if (!_writing.TryEnter())
            return;
        try
        {
            if (_tables.AppliedPosition == (_tables.LastCheckpoint?.Position ?? 0))
                return;
            var clock = Stopwatch.StartNew();
            var cut = _tables.Cut();
            TableCheckpoint.Write(_path, cut);
            _tables.LastCheckpoint = new TableCheckpointInfo(cut.Position, DateTime.UtcNow);
            _lastWrittenAt = Stopwatch.GetTimestamp();
            _log.Debug("Local tables checkpoint: {0} users, {1} posts at journal position {2} written to {3} in {4:0} ms",
                cut.Users.Count, cut.Posts.Count, cut.Position, _path, clock.Elapsed.TotalMilliseconds);
        }
        catch (Exception e)
        {
            _log.Warning(e, "Could not write the local tables checkpoint {0}: {1}. The node keeps serving; its next start replays " +
                            "more of the journal. Check the data volume (free space, permissions).", _path, e.Message);
        }
        finally
        {
            _writing.Exit();
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        WriteNow();
    }

    private void WriteIfDue()
    {
        var behind = _tables.AppliedPosition - (_tables.LastCheckpoint?.Position ?? 0);
        if (behind >= _options.CheckpointEveryEvents
            || (behind > 0 && Stopwatch.GetElapsedTime(_lastWrittenAt) >= _options.CheckpointInterval))
            WriteNow();
    }
}
