using Microsoft.Data.Sqlite;

namespace BlocksterV2.Cluster.Persistence;

/// <summary>
/// Copies the WAL back into the database (with its fsyncs) on its own connection and timer thread. SQLite
/// would otherwise run the checkpoint inside whichever commit crossed the threshold, stalling every write
/// queued behind it; all connections set <c>wal_autocheckpoint=0</c> and leave the work to this class (and to
/// the writer's cheap finishing checkpoint, see <see cref="SqliteEventWriter"/>).
/// </summary>
public sealed class SqliteCheckpointer : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Action<Exception> _onFailure;
    private readonly Timer _timer;
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <param name="onFailure">Told about a checkpoint that failed; the next tick tries again.</param>
    public SqliteCheckpointer(string connectionString, TimeSpan interval, Action<Exception> onFailure)
    {
        _connection = SqlitePragmas.Open(connectionString);
        _onFailure = onFailure;
        _timer = new Timer(_ => CheckpointOnTimer(), null, interval, interval);
    }

    /// <summary>Runs a checkpoint now; PASSIVE never waits for readers or writers.</summary>
    public void Checkpoint(string mode)
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            using var command = _connection.CreateCommand();
            command.CommandText = $"PRAGMA wal_checkpoint({mode});";
            command.ExecuteNonQuery();
        }
    }

    private void CheckpointOnTimer()
    {
        try
        {
            Checkpoint("PASSIVE");
        }
        catch (Exception e)
        {
            // an exception escaping a timer callback would end the process
            _onFailure(e);
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        try
        {
            Checkpoint("TRUNCATE");
        }
        catch (SqliteException)
        {
            // a busy database at shutdown: the WAL is replayed by the next open, nothing is lost
        }
        lock (_gate)
        {
            _disposed = true;
            _connection.Dispose();
        }
    }
}
