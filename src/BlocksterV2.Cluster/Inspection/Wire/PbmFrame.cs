using System.Text.Json.Serialization;

namespace BlocksterV2.Cluster.Inspection.Wire;

/// <summary>
/// One message of the pbm protocol: a line of JSON over TCP, its kind in <c>type</c>. The client says
/// <see cref="Hello"/> first; the node answers <see cref="Welcome"/> or <see cref="Refused"/> (then closes). After that
/// the client sends <see cref="Run"/> or <see cref="ListPalettes"/>, one at a time, and the node streams
/// <see cref="Line"/>s and ends each command with <see cref="End"/>. Compiled into the node and into the pbm tool.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Hello), "hello")]
[JsonDerivedType(typeof(Welcome), "welcome")]
[JsonDerivedType(typeof(Refused), "refused")]
[JsonDerivedType(typeof(ListPalettes), "list-palettes")]
[JsonDerivedType(typeof(Palettes), "palettes")]
[JsonDerivedType(typeof(Run), "run")]
[JsonDerivedType(typeof(Line), "line")]
[JsonDerivedType(typeof(End), "end")]
internal abstract record PbmFrame
{
    /// <summary>Bumped when a frame changes incompatibly; a node refuses a client that speaks another version.</summary>
    public const int ProtocolVersion = 1;
}

/// <param name="Secret">Must equal the node's <c>Bux:Pbm:Secret</c> when one is set.</param>
internal sealed record Hello(int Protocol, string ClientVersion, string? Secret) : PbmFrame;

/// <param name="Node">The node's cluster address.</param>
internal sealed record Welcome(string Node, string NodeVersion) : PbmFrame;

/// <summary>The node will not talk to this client; it closes the connection after this frame.</summary>
internal sealed record Refused(string Reason) : PbmFrame;

internal sealed record ListPalettes : PbmFrame;

internal sealed record Palettes(IReadOnlyList<PaletteDefinition> Items) : PbmFrame;

/// <summary><c>pbm palette command -switch value ...</c>, switch names without the dash.</summary>
internal sealed record Run(string Palette, string Command, IReadOnlyDictionary<string, string> Switches) : PbmFrame;

/// <summary>One line of a command's output.</summary>
internal sealed record Line(string Text) : PbmFrame;

/// <param name="Error">Set unless <paramref name="Status"/> is <see cref="CommandStatus.Ok"/>: one line saying what went wrong.</param>
internal sealed record End(CommandStatus Status, string? Error) : PbmFrame;

internal enum CommandStatus
{
    Ok,

    /// <summary>Unknown palette, command or switch, a missing mandatory switch, or a value the command cannot use.</summary>
    BadInput,

    /// <summary>The command was understood but could not be carried out (e.g. the shard regions did not answer).</summary>
    Failed,
}
