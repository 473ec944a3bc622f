using BlocksterV2.Cluster.Inspection.Wire;

namespace BlocksterV2.Cmd;

/// <summary>pbm's entry: one command and exit, or the interactive prompt when no command is given.</summary>
public static class PbmCli
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, PbmConsole console, PbmClientSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            var commandLine = PbmCommandLine.Parse(args);
            await using var connection = await PbmConnection.Open(commandLine.Node, settings, cancellationToken);
            return commandLine.Command is null
                ? await new InteractivePrompt(connection, console).RunAsync(cancellationToken)
                : await Execute(connection, commandLine.Command, console, cancellationToken);
        }
        catch (PbmUsageException e)
        {
            console.Error.WriteLine($"pbm: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (PbmFailure e)
        {
            console.Error.WriteLine($"pbm: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    /// <summary>Runs one command, <c>help</c> included, and says how it went as an exit code.</summary>
    /// <exception cref="PbmUsageException">The command names a palette the node does not have, or no command.</exception>
    /// <exception cref="PbmFailure">The connection was lost.</exception>
    internal static async Task<int> Execute(PbmConnection connection, PbmCommand command, PbmConsole console, CancellationToken cancellationToken)
    {
        if (command.Palette == "help")
        {
            var palettes = await connection.Palettes(cancellationToken);
            var lines = command.Command is null ? PbmHelp.Palettes(palettes) : PbmHelp.Palette(PbmHelp.Find(palettes, command.Command));
            foreach (var line in lines)
                console.Out.WriteLine(line);
            return ExitCodes.Ok;
        }
        if (command.Command is null)
        {
            var palette = PbmHelp.Find(await connection.Palettes(cancellationToken), command.Palette);
            throw new PbmUsageException($"palette '{palette.Name}' needs a command; commands: {palette.CommandNames}");
        }

        var end = await connection.Run(command, console.Out.WriteLine, cancellationToken);
        switch (end.Status)
        {
            case CommandStatus.Ok:
                return ExitCodes.Ok;
            case CommandStatus.BadInput:
                console.Error.WriteLine($"pbm: {end.Error}");
                return ExitCodes.BadInput;
            default:
                console.Error.WriteLine($"pbm: `{command}` failed on {connection.Node}: {end.Error}");
                return ExitCodes.Failed;
        }
    }
}
