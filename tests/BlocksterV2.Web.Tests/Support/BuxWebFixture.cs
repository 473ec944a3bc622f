using System.Collections.Concurrent;
using System.Net;
using BlocksterV2.Cluster.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BlocksterV2.Web.Tests.Support;

/// <summary>
/// One in-process BUX node (RAM-only, Development) behind a TestServer. Each fixture starts its own Akka
/// ActorSystem, so specs share one per test class. Subclasses change the host through <see cref="Configure"/>.
/// </summary>
public class BuxWebFixture : IAsyncLifetime
{
    public static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(30);

    private WebApplicationFactory<Program>? _root;

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Every log line the node wrote, so specs can see what Program decided at startup.</summary>
    public LogSink Logs { get; } = new();

    /// <summary>False for fixtures whose node is never meant to become ready.</summary>
    protected virtual bool WaitForReady => true;

    protected virtual void Configure(IWebHostBuilder builder)
    {
    }

    public async ValueTask InitializeAsync()
    {
        _root = new WebApplicationFactory<Program>();
        Factory = _root.WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Development");
            // test classes run side by side in one process: each node takes a free remoting port and pbm port
            builder.UseSetting("Bux:RemotingPort", "0");
            builder.UseSetting("Bux:Pbm:Port", "0");
            builder.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(Logs));
            Configure(builder);
        });
        Client = Factory.CreateClient();
        if (WaitForReady)
            await Readiness.WaitUntilReady(Client, ReadyDeadline);
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (Factory is not null)
            await Factory.DisposeAsync();
        if (_root is not null)
            await _root.DisposeAsync();
    }
}

public static class Readiness
{
    /// <summary>Polls <c>/health/ready</c> until it answers 200 or the deadline passes.</summary>
    public static Task WaitUntilReady(HttpClient client, TimeSpan deadline)
    {
        var last = "no answer yet";
        return Eventually.True(async () =>
        {
            using var response = await client.GetAsync("/health/ready");
            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            return response.StatusCode == HttpStatusCode.OK;
        }, deadline, () => $"/health/ready to answer 200; last answer: {last}");
    }
}

/// <summary>A logger provider that keeps every formatted message.</summary>
public sealed class LogSink : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(LogSink sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink._lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
    }
}

/// <summary>The default node: no API key, RAM-only.</summary>
public sealed class OpenNodeFixture : BuxWebFixture;

/// <summary>A node that requires <c>X-Api-Key</c> on mutating routes.</summary>
public sealed class KeyedNodeFixture : BuxWebFixture
{
    public const string ApiKey = "spec-secret-7f3a9c";

    /// <summary>A client that sends <paramref name="key"/> (right or wrong) in <c>X-Api-Key</c> on every request.</summary>
    public HttpClient ClientWithKey(string key)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Bux:ApiKey", ApiKey);
}

/// <summary>A node whose web tier sees a fresh <see cref="NodeReadiness"/> that is never marked ready.</summary>
public sealed class NotReadyNodeFixture : BuxWebFixture
{
    protected override bool WaitForReady => false;

    protected override void Configure(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.AddSingleton(new NodeReadiness()));
}
