namespace BlocksterV2.Cmd;

/// <summary>
/// Where pbm reads and writes: the real console, or strings in the specs. <paramref name="Keys"/> is set only
/// for a terminal, where the prompt gets arrow-key history.
/// </summary>
public sealed record PbmConsole(TextReader In, TextWriter Out, TextWriter Error, LineEditor? Keys = null)
{
    public string? ReadLine(string prompt, IReadOnlyList<string> history)
    {
        if (Keys is not null)
            return Keys.ReadLine(prompt, history);
        Out.Write(prompt);
        Out.Flush();
        return In.ReadLine();
    }
}
