using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace BlocksterV2.Web.Tests.Support;

/// <summary>
/// A logger provider that writes every entry through the console formatter the node chose (its name in
/// <see cref="ConsoleLoggerOptions.FormatterName"/>, its options as the node set them) and keeps the text: what the
/// console would print, without sharing the process's one console between specs that run side by side.
/// </summary>
public sealed class ConsoleLines : ILoggerProvider
{
    private readonly ConsoleFormatter _formatter;
    private readonly ConcurrentQueue<string> _lines = new();
    private event Action<string>? Written;

    public ConsoleLines(IEnumerable<ConsoleFormatter> formatters, IOptions<ConsoleLoggerOptions> options)
    {
        var name = options.Value.FormatterName ?? ConsoleFormatterNames.Simple;
        _formatter = formatters.Single(f => f.Name == name);
    }

    public string FormatterName => _formatter.Name;

    /// <summary>The first entry whose text contains <paramref name="fragment"/>, as the formatter wrote it.</summary>
    public async Task<string> Containing(string fragment, TimeSpan deadline)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(string text)
        {
            if (text.Contains(fragment, StringComparison.Ordinal))
                found.TrySetResult(text);
        }
        Written += Check;
        try
        {
            foreach (var text in _lines)
                Check(text);
            return await found.Task.WaitAsync(deadline);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no log entry containing '{fragment}' within {deadline}; {_lines.Count} entries were written");
        }
        finally
        {
            Written -= Check;
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ConsoleLines sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            using var writer = new StringWriter();
            sink._formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), null, writer);
            var text = writer.ToString();
            sink._lines.Enqueue(text);
            sink.Written?.Invoke(text);
        }
    }

    /// <summary>Adds the provider to a node under test; the fixture reads it back from the node's services.</summary>
    public static void AddTo(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ConsoleLines>();
            services.AddSingleton<ILoggerProvider>(provider => provider.GetRequiredService<ConsoleLines>());
        });
}

/// <summary>A node logging in the JSON format, with what its console would print kept in <see cref="Console"/>.</summary>
public sealed class JsonLogNodeFixture : BuxWebFixture
{
    public ConsoleLines Console => Factory.Services.GetRequiredService<ConsoleLines>();

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Bux:Logging:Format", "json");
        ConsoleLines.AddTo(builder);
    }
}

/// <summary>A node with the default log format, with what its console would print kept in <see cref="Console"/>.</summary>
public sealed class TextLogNodeFixture : BuxWebFixture
{
    public ConsoleLines Console => Factory.Services.GetRequiredService<ConsoleLines>();

    protected override void Configure(IWebHostBuilder builder) => ConsoleLines.AddTo(builder);
}
