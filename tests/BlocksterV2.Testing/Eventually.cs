namespace BlocksterV2.Testing;

/// <summary>Awaits a condition with a deadline instead of sleeping a fixed time.</summary>
public static class Eventually
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    public static Task True(Func<bool> condition, TimeSpan deadline, string what) => True(condition, deadline, () => what);

    public static Task True(Func<bool> condition, TimeSpan deadline, Func<string> what) =>
        True(() => Task.FromResult(condition()), deadline, what);

    public static Task True(Func<Task<bool>> condition, TimeSpan deadline, string what) => True(condition, deadline, () => what);

    /// <param name="what">Describes the awaited condition when the deadline passes, with what was last seen.</param>
    public static async Task True(Func<Task<bool>> condition, TimeSpan deadline, Func<string> what)
    {
        var end = DateTime.UtcNow + deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > end)
                throw new TimeoutException($"gave up after {deadline.TotalSeconds:0}s waiting for {what()}");
            await Task.Delay(Poll);
        }
    }
}
