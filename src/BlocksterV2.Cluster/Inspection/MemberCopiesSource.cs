using System.Runtime.CompilerServices;
using Akka.Actor;
using BlocksterV2.Cluster.Replication;
using BlocksterV2.Domain.Tables;

namespace BlocksterV2.Cluster.Inspection;

/// <summary><c>table-info</c>'s lines about every member's copy of the table (Mnesia's <c>where_to_write</c> with each copy's state).</summary>
internal sealed class MemberCopiesSource(ActorSystem system) : ITableInfoSource
{
    public async IAsyncEnumerable<string> Describe(TableDefinition table, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var copies = ClusterCopies.Of(await ClusterCopies.Ask(system, digests: true), table.Name);
        yield return $"copies: {copies.Count(c => c.IsCaughtUp)} of {copies.Count} members caught up";
        foreach (var c in copies)
        {
            yield return c.Rows is null
                ? $"  {c.Node} | {c.MemberStatus} | no answer within {ClusterCopies.AskTimeout.TotalSeconds:0}s"
                : $"  {c.Node} | {c.MemberStatus} | {c.State} | {c.Rows} rows | journal {c.JournalPosition} | behind {c.Behind} events | " +
                  $"{c.Conflicts} conflicts | digest {c.Digest}";
        }
    }
}
