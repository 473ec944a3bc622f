using System.Text.Json;

namespace BlocksterV2.Node.Tests;

/// <summary><c>Bux:Logging:Format=json</c> against the real process: what a log pipeline reads from its stdout.</summary>
public sealed class JsonLogProcessSpecs : IDisposable
{
    private readonly TempDirectory _work = new();

    [Fact]
    public async Task With_the_json_format_every_line_the_node_prints_is_a_json_object_and_akka_lines_carry_source_and_address()
    {
        await using var node = await NodeProcess.StartReady(_work.Path, nodeName: null,
            new Dictionary<string, string> { ["Bux__Logging__Format"] = "json" });
        // Akka's lines reach stdout through the logger actor's mailbox, possibly after /health/ready answered
        await Eventually.True(() => Task.FromResult(node.Output.Contains("is Up; node")), TimeSpan.FromSeconds(10),
            () => $"no 'is Up' line in:\n{node.Output}");

        var entries = node.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => (Line: line, Json: Parse(line)))
            .ToList();

        Assert.All(entries, e => Assert.True(e.Json is { ValueKind: JsonValueKind.Object }, $"not one JSON object: {e.Line}"));
        var up = entries.Select(e => e.Json!.Value).First(j => j.GetProperty("Message").GetString()!.Contains("is Up; node"));
        var state = up.GetProperty("State");
        Assert.Equal("Akka.Actor.ActorSystem", up.GetProperty("Category").GetString());
        Assert.StartsWith("akka.tcp://blockster@", state.GetProperty("akkaAddress").GetString());
        Assert.False(string.IsNullOrEmpty(state.GetProperty("akkaSource").GetString()));
    }

    private static JsonElement? Parse(string line)
    {
        try
        {
            return JsonDocument.Parse(line).RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _work.Dispose();
}
