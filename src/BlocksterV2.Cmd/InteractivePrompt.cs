namespace BlocksterV2.Cmd;

/// <summary>
/// <c>[host:port] pbm&gt;</c>: commands typed one per line on the open connection, with <c>help</c>,
/// <c>help palette</c>, <c>history</c> and <c>exit</c>. A mistyped command is reported and the prompt stays.
/// </summary>
internal sealed class InteractivePrompt(PbmConnection connection, PbmConsole console)
{
    private readonly List<string> _history = [];

    /// <summary>0 at <c>exit</c> or end of input; 1 when the connection is lost.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        console.Out.WriteLine($"Connected to {connection.Welcome.Node} (node {connection.Welcome.NodeVersion}, pbm {PbmConnection.ClientVersion}) " +
                              $"at {connection.Node}. Type help for the palettes, exit to leave.");
        var prompt = $"[{connection.Node}] pbm> ";
        while (console.ReadLine(prompt, _history) is { } line)
        {
            line = line.Trim();
            if (line.Length == 0)
                continue;
            if (line is "exit" or "quit")
                return ExitCodes.Ok;
            _history.Add(line);
            if (line == "history")
            {
                for (var i = 0; i < _history.Count; i++)
                    console.Out.WriteLine($"{i + 1,4}  {_history[i]}");
                continue;
            }
            try
            {
                await PbmCli.Execute(connection, PbmCommandLine.ParseCommand(PbmCommandLine.Words(line)), console, cancellationToken);
            }
            catch (PbmUsageException e)
            {
                console.Error.WriteLine($"pbm: {e.Message}");
            }
            catch (PbmFailure e)
            {
                console.Error.WriteLine($"pbm: {e.Message}");
                return ExitCodes.Failed;
            }
        }
        return ExitCodes.Ok;
    }
}
