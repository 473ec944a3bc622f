using Akka.Actor;
using BlocksterV2.Cluster.Hosting;
using BlocksterV2.Cluster.Inspection.Wire;
using BlocksterV2.Cluster.Leaderboard;
using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Cluster.Replication;

namespace BlocksterV2.Cluster.Inspection;

/// <summary>
/// The palettes this node offers. Checks every command against them itself, so a client of another version
/// gets the same one-line answer (what is wrong, what exists) as the current one.
/// </summary>
internal sealed class PbmCatalog(IReadOnlyList<IPbmPalette> palettes)
{
    /// <summary>What a BUX node offers: Petabridge.Cmd's <c>cluster</c> and <c>cluster-sharding</c>, and <c>bux</c>.</summary>
    public static PbmCatalog ForNode(ActorSystem system, BuxNodeOptions options, NodeReadiness readiness, LeaderboardView leaderboard,
        BuxReplication? replication) =>
        new([
            new ClusterPalette(system),
            new ClusterShardingPalette(system, options.AskTimeout),
            new BuxPalette(system, options, readiness, leaderboard,
                [
                    new TableDefinitionSource(),
                    new LocalCopySource(NodeTables.For(system), Akka.Cluster.Cluster.Get(system).SelfAddress.ToString()),
                    .. replication is null ? Array.Empty<ITableInfoSource>() : [new MemberCopiesSource(system)],
                ], replication),
        ]);

    public IReadOnlyList<PaletteDefinition> Definitions { get; } = palettes.Select(p => p.Definition).ToList();

    /// <exception cref="PbmBadInputException">Unknown palette, command or switch, or a mandatory switch missing.</exception>
    public (IPbmPalette Palette, PbmCommandCall Call) Resolve(Run run)
    {
        var palette = palettes.FirstOrDefault(p => p.Definition.Name == run.Palette)
            ?? throw new PbmBadInputException(
                $"unknown palette '{run.Palette}'; palettes: {string.Join(", ", Definitions.Select(d => d.Name))}");
        var command = palette.Definition.Find(run.Command)
            ?? throw new PbmBadInputException(
                $"unknown command '{run.Command}' in palette '{run.Palette}'; commands: {palette.Definition.CommandNames}");
        var usage = $"usage: {run.Palette} {command.Usage}";
        foreach (var name in run.Switches.Keys)
        {
            if (command.Find(name) is null)
            {
                var known = command.Switches.Count == 0 ? "it takes no switches" : usage;
                throw new PbmBadInputException($"unknown switch -{name} for '{run.Palette} {run.Command}'; {known}");
            }
        }
        foreach (var missing in command.Switches.Where(s => s.Mandatory && !run.Switches.ContainsKey(s.Name)))
            throw new PbmBadInputException($"'{run.Palette} {run.Command}' needs -{missing.Name} <{missing.Value}> ({missing.Description}); {usage}");
        return (palette, new PbmCommandCall(run.Command, run.Switches));
    }
}
