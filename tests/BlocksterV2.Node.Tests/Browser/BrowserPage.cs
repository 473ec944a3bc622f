using System.Text.Json;
using PuppeteerSharp;

namespace BlocksterV2.Node.Tests.Browser;

/// <summary>One browser tab.</summary>
public sealed class BrowserPage(IPage page)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly TimeSpan LoadDeadline = TimeSpan.FromSeconds(30);

    /// <summary>Opens <paramref name="url"/> and returns once its document has loaded (scripts ran).</summary>
    public async Task Navigate(string url)
    {
        // throws when the browser cannot open the address (e.g. net::ERR_CONNECTION_REFUSED)
        await page.GoToAsync(url, new NavigationOptions { Timeout = (int)LoadDeadline.TotalMilliseconds, WaitUntil = [WaitUntilNavigation.Load] });
        var loaded = $"location.href === new URL({JsonSerializer.Serialize(url)}).href && document.readyState === 'complete'";
        await Eventually.True(() => Evaluate<bool>(loaded), LoadDeadline, $"{url} to load in the browser");
    }

    /// <summary>Evaluates a JavaScript expression in the page (awaiting a promise) and returns its JSON value.</summary>
    public async Task<T> Evaluate<T>(string expression)
    {
        JsonElement value;
        try
        {
            value = await page.EvaluateExpressionAsync<JsonElement>(expression);
        }
        catch (EvaluationFailedException e)
        {
            throw new InvalidOperationException($"the page threw evaluating {expression}: {e.Message}", e);
        }
        return value.Deserialize<T>(Json) ?? throw new InvalidOperationException($"{expression} has no JSON value: {value}");
    }
}
