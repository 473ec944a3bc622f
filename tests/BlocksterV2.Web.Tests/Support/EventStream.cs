using System.Net;
using System.Text;
using System.Text.Json;

namespace BlocksterV2.Web.Tests.Support;

/// <summary>The leaderboard as <c>/api/leaderboard/stream</c> sends it (camelCase JSON), declared here to check the contract.</summary>
public sealed record StreamedLeaderboard(int Top, int Size, long Revision, IReadOnlyList<StreamedRank> Entries)
{
    public IReadOnlyList<string> Order => Entries.Select(e => e.UserId).ToList();
}

public sealed record StreamedRank(long Rank, string UserId, long Balance, DateTime UpdatedAt);

/// <summary>
/// An open <c>text/event-stream</c> response, read one event at a time. Comments (heartbeats) and <c>retry:</c>
/// lines carry no event and are skipped. Disposing it hangs up, as a browser closing the tab.
/// </summary>
public sealed class EventStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStream(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
    }

    public static async Task<EventStream> Open(HttpClient client, string path)
    {
        var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var text = await response.Content.ReadAsStringAsync();
            response.Dispose();
            throw new InvalidOperationException($"GET {path}: expected a 200 event stream, got {(int)response.StatusCode}: {text}");
        }
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new EventStream(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event's data, or null when the server ended the stream.</summary>
    public async Task<string?> NextData(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        var data = new StringBuilder();
        try
        {
            while (await _reader.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.Length == 0 && data.Length > 0)
                    return data.ToString();
                if (line.StartsWith("data:", StringComparison.Ordinal))
                    data.Append(line.AsSpan(5).TrimStart(' '));
            }
            return null;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"no event within {deadline.TotalSeconds:0}s");
        }
    }

    /// <summary>The next leaderboard event; fails when the stream ends instead.</summary>
    public async Task<StreamedLeaderboard> Next(TimeSpan deadline)
    {
        var data = await NextData(deadline) ?? throw new InvalidOperationException("the server ended the stream");
        return JsonSerializer.Deserialize<StreamedLeaderboard>(data, Http.Json) ?? throw new InvalidOperationException($"empty event: {data}");
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
