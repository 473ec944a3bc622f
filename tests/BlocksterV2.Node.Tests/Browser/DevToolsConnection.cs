using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BlocksterV2.Node.Tests.Browser;

/// <summary>
/// A minimal Chrome DevTools Protocol client over one WebSocket: sends commands and awaits their answers by id.
/// Events are not needed by the specs (they poll the DOM with deadlines), so they are read and dropped.
/// </summary>
public sealed class DevToolsConnection : IAsyncDisposable
{
    public static readonly TimeSpan CommandDeadline = TimeSpan.FromSeconds(30);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly ClientWebSocket _socket;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    // ClientWebSocket allows one send at a time
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _receiving;
    private int _lastId;

    private DevToolsConnection(ClientWebSocket socket)
    {
        _socket = socket;
        _receiving = Task.Run(Receive);
    }

    public static async Task<DevToolsConnection> Connect(Uri url)
    {
        var socket = new ClientWebSocket();
        using var deadline = new CancellationTokenSource(CommandDeadline);
        await socket.ConnectAsync(url, deadline.Token);
        return new DevToolsConnection(socket);
    }

    /// <summary>Sends one command (to a page when <paramref name="sessionId"/> is given) and returns its <c>result</c>.</summary>
    public async Task<JsonElement> Send(string method, object? parameters = null, string? sessionId = null)
    {
        var id = Interlocked.Increment(ref _lastId);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        var message = JsonSerializer.SerializeToUtf8Bytes(new Command(id, method, parameters ?? new { }, sessionId), Json);
        await _sending.WaitAsync();
        try
        {
            await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, _closing.Token);
        }
        finally
        {
            _sending.Release();
        }
        try
        {
            return await answer.Task.WaitAsync(CommandDeadline);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"DevTools did not answer {method} within {CommandDeadline.TotalSeconds:0}s");
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task Receive()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var frame = await _socket.ReceiveAsync(buffer, _closing.Token);
                if (frame.MessageType == WebSocketMessageType.Close)
                    break;
                message.Write(buffer, 0, frame.Count);
                if (!frame.EndOfMessage)
                    continue;
                Answer(JsonDocument.Parse(message.ToArray()).RootElement);
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // the browser went away or the connection is being disposed; pending commands fail below
        }
        foreach (var (_, pending) in _pending)
            pending.TrySetException(new InvalidOperationException("the DevTools connection closed before the browser answered"));
    }

    private void Answer(JsonElement message)
    {
        if (!message.TryGetProperty("id", out var id) || !_pending.TryGetValue(id.GetInt32(), out var pending))
            return;
        if (message.TryGetProperty("error", out var error))
            pending.TrySetException(new InvalidOperationException($"DevTools refused the command: {error}"));
        else
            pending.TrySetResult(message.GetProperty("result").Clone());
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        await _receiving;
        _socket.Dispose();
        _closing.Dispose();
        _sending.Dispose();
    }

    private sealed record Command(int Id, string Method, object Params, string? SessionId);
}
