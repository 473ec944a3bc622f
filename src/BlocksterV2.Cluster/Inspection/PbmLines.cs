namespace BlocksterV2.Cluster.Inspection;

internal static class PbmLines
{
    /// <summary>
    /// Output known at once, streamed like any other. (Not LINQ's ToAsyncEnumerable: System.Linq.Async, which
    /// Akka brings in, defines it too, so the call is ambiguous.)
    /// </summary>
    public static async IAsyncEnumerable<string> Streamed(this IEnumerable<string> lines)
    {
        foreach (var line in lines)
            yield return await ValueTask.FromResult(line);
    }
}
