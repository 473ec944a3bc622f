using BlocksterV2.Cluster.Inspection.Wire;

namespace BlocksterV2.Cluster.Inspection;

/// <summary>A group of pbm commands. Output is streamed to the client line by line as it is produced.</summary>
internal interface IPbmPalette
{
    PaletteDefinition Definition { get; }

    /// <exception cref="PbmBadInputException">The input names something that does not exist.</exception>
    IAsyncEnumerable<string> Run(PbmCommandCall call, CancellationToken cancellationToken);
}
