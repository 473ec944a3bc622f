using System.Text;

namespace BlocksterV2.Cmd;

/// <summary>
/// Petabridge.Cmd's grammar: <c>pbm [host:port] [palette command [-switch value ...]]</c>. Without a palette pbm
/// opens its interactive prompt. Whether the palette, command and switches exist is the node's to say.
/// </summary>
public sealed record PbmCommandLine(NodeEndpoint Node, PbmCommand? Command)
{
    /// <exception cref="PbmUsageException">A malformed address, or switches not written <c>-name value</c>.</exception>
    public static PbmCommandLine Parse(IReadOnlyList<string> args)
    {
        var node = NodeEndpoint.Default;
        var rest = args;
        if (args.Count > 0 && NodeEndpoint.LooksLikeAddress(args[0]))
        {
            node = NodeEndpoint.Parse(args[0]);
            rest = args.Skip(1).ToList();
        }
        return new PbmCommandLine(node, rest.Count == 0 ? null : ParseCommand(rest));
    }

    /// <summary>One line typed at the prompt, or the arguments after the address.</summary>
    public static PbmCommand ParseCommand(IReadOnlyList<string> words)
    {
        if (words.Count == 0)
            throw new PbmUsageException("no palette given: write palette command [-switch value], e.g. cluster show");
        if (words[0].StartsWith('-'))
            throw new PbmUsageException($"'{words[0]}' where a palette was expected: write palette command [-switch value], e.g. cluster show");
        if (words.Count == 1)
            return new PbmCommand(words[0], null, new Dictionary<string, string>());
        if (words[1].StartsWith('-'))
            throw new PbmUsageException($"'{words[1]}' where a command of palette '{words[0]}' was expected: write {words[0]} <command> {words[1]} ...");

        var switches = new Dictionary<string, string>();
        for (var i = 2; i < words.Count; i += 2)
        {
            var word = words[i];
            if (word.Length < 2 || word[0] != '-' || word[1] == '-')
                throw new PbmUsageException($"unexpected '{word}' after '{words[0]} {words[1]}': switches are written -name value, e.g. -a 127.0.0.1:4053");
            var name = word[1..];
            if (i + 1 == words.Count)
                throw new PbmUsageException($"switch -{name} needs a value: -{name} <value>");
            if (!switches.TryAdd(name, words[i + 1]))
                throw new PbmUsageException($"switch -{name} is given twice");
        }
        return new PbmCommand(words[0], words[1], switches);
    }

    /// <summary>Splits a prompt line into words at spaces; "double" or 'single' quotes keep spaces in a value.</summary>
    /// <exception cref="PbmUsageException">A quote is not closed.</exception>
    public static IReadOnlyList<string> Words(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in line)
        {
            if (quote is not null)
            {
                if (c == quote)
                    quote = null;
                else
                    word.Append(c);
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                    words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (quote is not null)
            throw new PbmUsageException($"the quote {quote} is not closed");
        if (inWord)
            words.Add(word.ToString());
        return words;
    }
}
