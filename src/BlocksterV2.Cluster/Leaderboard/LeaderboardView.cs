namespace BlocksterV2.Cluster.Leaderboard;

/// <summary>
/// The node's cached, sorted copy of the leaderboard: replaced whole whenever the ORSet changes, read without
/// locks by the HTTP API, the live page and pbm.
/// </summary>
public sealed class LeaderboardView(int size)
{
    private volatile LeaderboardSnapshot _current = LeaderboardSnapshot.Empty(size);
    private TaskCompletionSource _nextChange = NewChange();

    public LeaderboardSnapshot Current => _current;

    /// <summary>Completes at the next <see cref="Publish"/>: live readers await it instead of polling.</summary>
    public Task NextChange(CancellationToken cancellationToken) => Volatile.Read(ref _nextChange).Task.WaitAsync(cancellationToken);

    public void Publish(LeaderboardSnapshot next)
    {
        _current = next;
        Interlocked.Exchange(ref _nextChange, NewChange()).TrySetResult();
    }

    private static TaskCompletionSource NewChange() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
