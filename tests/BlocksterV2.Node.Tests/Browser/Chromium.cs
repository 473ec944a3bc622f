using System.Collections.Concurrent;
using System.Diagnostics;

namespace BlocksterV2.Node.Tests.Browser;

/// <summary>
/// Headless Debian <c>chromium</c> with a throwaway profile, driven over the DevTools protocol. Disposing it kills
/// the browser with every process it started and deletes its directory.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(15);
    private const string ListeningPrefix = "DevTools listening on ";

    private readonly Process _process;
    private readonly DevToolsConnection _devTools;
    private bool _disposed;

    private Chromium(Process process, DevToolsConnection devTools, string root)
    {
        _process = process;
        _devTools = devTools;
        Root = root;
    }

    /// <summary>
    /// Holds the profile and Chromium's config directory, so every process of this browser names it on its command
    /// line: the renderers (<c>--user-data-dir</c>) and the crash handlers, which leave the process tree.
    /// </summary>
    public string Root { get; }

    public static async Task<Chromium> Start()
    {
        var executable = FindOnPath("chromium");
        if (executable is null)
            Assert.Fail("chromium is not installed: run `apt-get install chromium` (.ci/run installs it) to run the browser specs");

        var root = Directory.CreateTempSubdirectory("bux-chromium-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(root, "config");
        start.Environment["XDG_CACHE_HOME"] = Path.Combine(root, "cache");
        foreach (var argument in new[]
                 {
                     "--headless=new", "--remote-debugging-port=0", $"--user-data-dir={Path.Combine(root, "profile")}",
                     // CI runs as root, where Chromium's sandbox cannot start
                     "--no-sandbox",
                     // containers have a small /dev/shm; no GPU; nothing fetched from Google's services
                     "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                     "--disable-background-networking", "--disable-extensions", "--disable-sync",
                     "about:blank",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var output = new ConcurrentQueue<string>();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            output.Enqueue(e.Data);
            if (e.Data.StartsWith(ListeningPrefix, StringComparison.Ordinal))
                listening.TrySetResult(new Uri(e.Data[ListeningPrefix.Length..].Trim()));
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            var exited = process.WaitForExitAsync();
            var first = await Task.WhenAny(listening.Task, exited, Task.Delay(StartDeadline));
            if (first == exited)
                throw new InvalidOperationException($"chromium exited with code {process.ExitCode} before DevTools listened:\n{string.Join('\n', output)}");
            if (first != listening.Task)
                throw new TimeoutException($"chromium did not print its DevTools address within {StartDeadline.TotalSeconds:0}s:\n{string.Join('\n', output)}");
            return new Chromium(process, await DevToolsConnection.Connect(await listening.Task), root);
        }
        catch
        {
            await Stop(process, root);
            throw;
        }
    }

    /// <summary>A new tab.</summary>
    public Task<BrowserPage> OpenPage() => BrowserPage.Open(_devTools);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        await _devTools.DisposeAsync();
        await Stop(_process, Root);
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

    private static async Task Stop(Process process, string root)
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
        // the crash handlers are not in the tree; they exit once the browser is gone
        await Eventually.True(() => Task.FromResult(ProcessesNaming(root).Count == 0), StopDeadline,
            () => $"chromium's processes to exit: {string.Join("; ", ProcessesNaming(root))}");
        Directory.Delete(root, recursive: true);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, name))
        .FirstOrDefault(File.Exists);
}
