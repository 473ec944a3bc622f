namespace BlocksterV2.Benchmarks;

public static class Wait
{
    public static async Task Until(Func<bool> condition, TimeSpan deadline, string what)
    {
        var end = DateTime.UtcNow + deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > end)
                throw new TimeoutException($"gave up waiting for {what} after {deadline.TotalSeconds}s");
            await Task.Delay(20);
        }
    }

    public static async Task Until(Func<Task<bool>> condition, TimeSpan deadline, string what)
    {
        var end = DateTime.UtcNow + deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > end)
                throw new TimeoutException($"gave up waiting for {what} after {deadline.TotalSeconds}s");
            await Task.Delay(20);
        }
    }
}
