namespace BlocksterV2.Cluster.Inspection.Wire;

/// <summary>A group of commands (<c>cluster</c>, <c>cluster-sharding</c>, <c>bux</c>), as the node offers it.</summary>
internal sealed record PaletteDefinition(string Name, string Description, IReadOnlyList<CommandDefinition> Commands)
{
    public CommandDefinition? Find(string command) => Commands.FirstOrDefault(c => c.Name == command);

    public string CommandNames => string.Join(", ", Commands.Select(c => c.Name));
}

internal sealed record CommandDefinition(string Name, string Description, IReadOnlyList<SwitchDefinition> Switches)
{
    public SwitchDefinition? Find(string name) => Switches.FirstOrDefault(s => s.Name == name);

    /// <summary><c>down -a &lt;address&gt;</c>, optional switches in brackets: the usage line of help and of errors.</summary>
    public string Usage => string.Join(' ', [Name, .. Switches.Select(s => s.Usage)]);
}

/// <param name="Name">Without the dash: <c>a</c> for <c>-a</c>.</param>
/// <param name="Value">What the value is, for usage lines: <c>address</c>.</param>
internal sealed record SwitchDefinition(string Name, string Value, string Description, bool Mandatory)
{
    public string Usage => Mandatory ? $"-{Name} <{Value}>" : $"[-{Name} <{Value}>]";
}
