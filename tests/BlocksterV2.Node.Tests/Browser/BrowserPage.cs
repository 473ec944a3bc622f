using System.Text.Json;

namespace BlocksterV2.Node.Tests.Browser;

/// <summary>One browser tab, driven through its DevTools session.</summary>
public sealed class BrowserPage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly TimeSpan LoadDeadline = TimeSpan.FromSeconds(30);

    private readonly DevToolsConnection _devTools;
    private readonly string _sessionId;

    private BrowserPage(DevToolsConnection devTools, string sessionId)
    {
        _devTools = devTools;
        _sessionId = sessionId;
    }

    public static async Task<BrowserPage> Open(DevToolsConnection devTools)
    {
        var target = await devTools.Send("Target.createTarget", new { url = "about:blank" });
        var targetId = target.GetProperty("targetId").GetString();
        // flatten: the page's commands travel on the browser connection, tagged with the session id
        var attached = await devTools.Send("Target.attachToTarget", new { targetId, flatten = true });
        return new BrowserPage(devTools, attached.GetProperty("sessionId").GetString()!);
    }

    /// <summary>Opens <paramref name="url"/> and returns once its document has loaded (scripts ran).</summary>
    public async Task Navigate(string url)
    {
        var navigated = await _devTools.Send("Page.navigate", new { url }, _sessionId);
        if (navigated.TryGetProperty("errorText", out var error))
            throw new InvalidOperationException($"the browser could not open {url}: {error.GetString()}");
        // Page.navigate answers once the navigation started, not when the new document is ready
        var loaded = $"location.href === new URL({JsonSerializer.Serialize(url)}).href && document.readyState === 'complete'";
        await Eventually.True(() => Evaluate<bool>(loaded), LoadDeadline, $"{url} to load in the browser");
    }

    /// <summary>Evaluates a JavaScript expression in the page and returns its JSON value.</summary>
    public async Task<T> Evaluate<T>(string expression)
    {
        var evaluated = await _devTools.Send("Runtime.evaluate", new { expression, returnByValue = true, awaitPromise = true }, _sessionId);
        if (evaluated.TryGetProperty("exceptionDetails", out var thrown))
            throw new InvalidOperationException($"the page threw evaluating {expression}: {thrown}");
        var value = evaluated.GetProperty("result");
        return value.TryGetProperty("value", out var json)
            ? json.Deserialize<T>(Json)!
            : throw new InvalidOperationException($"{expression} has no JSON value: {value}");
    }
}
