using System.Collections.Immutable;
using Akka.Persistence;
using Akka.Persistence.Journal;
using BlocksterV2.Cluster.LocalTables;

namespace BlocksterV2.Cluster.Persistence;

/// <summary>
/// The RAM-only node's journal: Akka's in-memory journal, feeding the node's local tables with what it stores
/// (positions count the events it took, as the SQLite journal's <c>ordering</c> does).
/// </summary>
public sealed class BuxMemoryJournal : MemoryJournal
{
    private readonly NodeTables _tables = NodeTables.For(Context.System);
    private readonly List<CommittedEvent> _stored = [];
    private long _position;

    protected override async Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages as IReadOnlyList<AtomicWrite> ?? messages.ToList();
        var result = await base.WriteMessagesAsync(writes, cancellationToken);
        _stored.Clear();
        for (var i = 0; i < writes.Count; i++)
        {
            if (result?[i] is not null)
                continue;
            foreach (var representation in (IImmutableList<IPersistentRepresentation>)writes[i].Payload)
                _stored.Add(new CommittedEvent(++_position, representation.PersistenceId, representation.Payload));
        }
        _tables.Apply(_stored);
        return result!;
    }
}
