namespace BlocksterV2.Cmd;

/// <summary><c>palette command -switch value ...</c>, switch names without the dash.</summary>
public sealed record PbmCommand(string Palette, string? Command, IReadOnlyDictionary<string, string> Switches)
{
    public override string ToString() =>
        string.Join(' ', [Palette, .. Command is null ? [] : new[] { Command }, .. Switches.Select(s => $"-{s.Key} {s.Value}")]);
}
