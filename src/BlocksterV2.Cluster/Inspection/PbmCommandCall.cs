namespace BlocksterV2.Cluster.Inspection;

/// <summary>A command the catalog has checked: it exists in its palette, and its switches are known and complete.</summary>
internal sealed record PbmCommandCall(string Command, IReadOnlyDictionary<string, string> Switches)
{
    public string? Optional(string name) => Switches.GetValueOrDefault(name);

    /// <summary>A mandatory switch; the catalog has checked it is there.</summary>
    public string Required(string name) => Switches[name];
}
