namespace BlocksterV2.Node.Tests.MultiNode;

/// <summary>
/// Multi-node specs run one at a time, after the parallel specs: their timing (failure detection, stable
/// margins) should not depend on how busy two cores are with other test classes.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MultiNodeCollection
{
    public const string Name = "multi-node";
}
