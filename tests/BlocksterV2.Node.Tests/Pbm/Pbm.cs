using BlocksterV2.Cmd;

namespace BlocksterV2.Node.Tests.Pbm;

/// <summary>Runs the pbm client in-process, as `pbm args...` would run, and captures what it prints.</summary>
public static class Pbm
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    public static Task<PbmResult> Run(params string[] args) => Run(new PbmClientSettings(null, ConnectTimeout), "", args);

    /// <param name="input">What is typed at the interactive prompt, one command per line.</param>
    public static async Task<PbmResult> Run(PbmClientSettings settings, string input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await PbmCli.RunAsync(args, new PbmConsole(new StringReader(input), output, error), settings, CancellationToken.None);
        return new PbmResult(exitCode, output.ToString(), error.ToString());
    }
}

public sealed record PbmResult(int ExitCode, string Output, string Error)
{
    public IReadOnlyList<string> Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IReadOnlyList<string> ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The columns of an output row (<c>a | b | c</c>).</summary>
    public static string[] Columns(string row) => row.Split(" | ");

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
