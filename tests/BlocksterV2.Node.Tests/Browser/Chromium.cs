using PuppeteerSharp;

namespace BlocksterV2.Node.Tests.Browser;

/// <summary>
/// The system's headless Chromium (Debian's <c>chromium</c>; .ci/run installs it) with a throwaway profile, driven by
/// PuppeteerSharp. Never a downloaded browser: CI has no network. Disposing it closes the browser, kills every process
/// it started and deletes its directory.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(15);
    private static readonly string[] Names = ["chromium", "chromium-browser"];

    private readonly IBrowser _browser;
    private bool _disposed;

    private Chromium(IBrowser browser, string root)
    {
        _browser = browser;
        Root = root;
    }

    /// <summary>
    /// Holds the profile and Chromium's config directory, so every process of this browser names it on its command
    /// line: the renderers (<c>--user-data-dir</c>) and the crash handlers, which leave the process tree.
    /// </summary>
    public string Root { get; }

    public static async Task<Chromium> Start()
    {
        var executable = Find();
        if (executable is null)
            Assert.Fail("chromium is not installed: run `apt-get install chromium` (.ci/run installs it) to run the browser specs");

        var root = Directory.CreateTempSubdirectory("bux-chromium-").FullName;
        var options = new LaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            UserDataDir = Path.Combine(root, "profile"),
            Timeout = (int)StartDeadline.TotalMilliseconds,
            ProtocolTimeout = (int)StartDeadline.TotalMilliseconds,
            Env =
            {
                ["XDG_CONFIG_HOME"] = Path.Combine(root, "config"),
                ["XDG_CACHE_HOME"] = Path.Combine(root, "cache"),
            },
            Args =
            [
                // CI runs as root, where Chromium's sandbox cannot start
                "--no-sandbox",
                // containers have a small /dev/shm; no GPU; nothing fetched from Google's services
                "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-extensions", "--disable-sync",
            ],
        };
        try
        {
            return new Chromium(await Puppeteer.LaunchAsync(options), root);
        }
        catch
        {
            await Forget(root);
            throw;
        }
    }

    /// <summary>A new tab.</summary>
    public async Task<BrowserPage> OpenPage() => new(await _browser.NewPageAsync());

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        var process = _browser.Process;
        try
        {
            await _browser.CloseAsync();
        }
        finally
        {
            // CloseAsync asks the browser to quit; whatever of its tree is left goes now
            if (process is { HasExited: false })
                process.Kill(entireProcessTree: true);
            await _browser.DisposeAsync();
            await Forget(Root);
        }
    }

    /// <summary>The live processes whose command line names <paramref name="path"/>.</summary>
    public static List<string> ProcessesNaming(string path) =>
        Directory.EnumerateDirectories("/proc")
            .Where(dir => int.TryParse(Path.GetFileName(dir), out _))
            .Select(dir =>
            {
                try
                {
                    // empty for a zombie: it has exited, only its exit status is left
                    return File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                }
                catch (IOException)
                {
                    return ""; // the process ended while the list was read
                }
            })
            .Where(command => command.Contains(path, StringComparison.Ordinal))
            .ToList();

    /// <summary>Awaits the exit of every process naming <paramref name="root"/>, then deletes it.</summary>
    private static async Task Forget(string root)
    {
        // the crash handlers are not in the tree; they exit once the browser is gone
        await Eventually.True(() => ProcessesNaming(root).Count == 0, StopDeadline,
            () => $"chromium's processes to exit: {string.Join("; ", ProcessesNaming(root))}");
        Directory.Delete(root, recursive: true);
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Append("/usr/bin")
        .SelectMany(dir => Names.Select(name => Path.Combine(dir, name)))
        .FirstOrDefault(File.Exists);
}
