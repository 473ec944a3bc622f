using System.Text;

namespace BlocksterV2.Cmd;

/// <summary>
/// The prompt's line editing on a terminal: typing, backspace, and up/down through the commands entered
/// before, as pbm's prompt. (Console.ReadLine keeps no history on Linux.)
/// </summary>
public sealed class LineEditor
{
    /// <summary>The typed line, or null at end of input (Ctrl+D on an empty line).</summary>
    public string? ReadLine(string prompt, IReadOnlyList<string> history)
    {
        Console.Write(prompt);
        var line = new StringBuilder();
        var position = history.Count;
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    Console.WriteLine();
                    return line.ToString();
                case ConsoleKey.Backspace when line.Length > 0:
                    line.Length--;
                    Console.Write("\b \b");
                    break;
                case ConsoleKey.UpArrow when position > 0:
                    Replace(line, prompt, history[--position]);
                    break;
                case ConsoleKey.DownArrow when position < history.Count:
                    position++;
                    Replace(line, prompt, position == history.Count ? "" : history[position]);
                    break;
                case ConsoleKey.D when key.Modifiers.HasFlag(ConsoleModifiers.Control) && line.Length == 0:
                    Console.WriteLine();
                    return null;
                default:
                    if (!char.IsControl(key.KeyChar))
                    {
                        line.Append(key.KeyChar);
                        Console.Write(key.KeyChar);
                    }
                    break;
            }
        }
    }

    private static void Replace(StringBuilder line, string prompt, string text)
    {
        // blank the old text, then write the new one after the prompt
        Console.Write($"\r{prompt}{new string(' ', line.Length)}\r{prompt}{text}");
        line.Clear().Append(text);
    }
}
