using BlocksterV2.Cluster.Inspection.Wire;

namespace BlocksterV2.Cmd;

/// <summary><c>help</c> and <c>help palette</c>: the palettes and commands the connected node offers.</summary>
internal static class PbmHelp
{
    public static IEnumerable<string> Palettes(IReadOnlyList<PaletteDefinition> palettes)
    {
        yield return "usage: pbm [host:port] <palette> <command> [-switch value ...]   (no command: interactive prompt)";
        foreach (var palette in palettes)
        {
            yield return "";
            foreach (var line in Palette(palette))
                yield return line;
        }
    }

    public static IEnumerable<string> Palette(PaletteDefinition palette)
    {
        yield return $"{palette.Name}: {palette.Description}";
        var width = palette.Commands.Max(c => c.Usage.Length);
        foreach (var command in palette.Commands)
            yield return $"  {command.Usage.PadRight(width)}  {command.Description}";
    }

    /// <exception cref="PbmUsageException">No such palette on the node.</exception>
    public static PaletteDefinition Find(IReadOnlyList<PaletteDefinition> palettes, string name) =>
        palettes.FirstOrDefault(p => p.Name == name)
        ?? throw new PbmUsageException($"unknown palette '{name}'; palettes: {string.Join(", ", palettes.Select(p => p.Name))}");
}
