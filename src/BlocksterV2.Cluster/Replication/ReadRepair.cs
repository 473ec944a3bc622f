using Akka.Actor;
using Akka.Cluster;
using BlocksterV2.Cluster.Persistence;

namespace BlocksterV2.Cluster.Replication;

/// <summary>
/// Before an entity recovers on this node, makes this copy hold the highest sequence number any reachable caught-up copy
/// holds for it, pulling what it lacks. Entities that start while a round is out go together in the next round (one
/// message per member per round). With consistency <c>all</c> or <c>majority</c> a round needs answers from enough
/// members that, with this one, they are a majority: an acknowledged write is on a majority, so a node cut off while
/// writes were acknowledged can never host an entity with a stale history.
/// </summary>
public sealed class ReadRepair(ActorSystem system, NodeJournal journal, ReplicationOptions options)
{
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(system);
    private readonly Lock _gate = new();
    private Dictionary<string, TaskCompletionSource<bool>> _waiting = new(StringComparer.Ordinal);
    private bool _running;

    private TimeSpan AskTimeout => options.AckTimeout > TimeSpan.FromSeconds(2) ? options.AckTimeout : TimeSpan.FromSeconds(2);

    /// <returns>True when this copy's stored history of the entity changed other than by appending (the recovery must start over).</returns>
    public Task<bool> Before(string persistenceId)
    {
        if (!_cluster.State.Members.Any(m => m.Address != _cluster.SelfAddress && m.Status is MemberStatus.Up or MemberStatus.Leaving))
            return Task.FromResult(false); // alone: this copy is the cluster's
        lock (_gate)
        {
            if (!_waiting.TryGetValue(persistenceId, out var waiting))
                _waiting[persistenceId] = waiting = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_running)
            {
                _running = true;
                _ = Task.Run(Rounds);
            }
            return waiting.Task;
        }
    }

    private async Task Rounds()
    {
        while (true)
        {
            Dictionary<string, TaskCompletionSource<bool>> round;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _running = false;
                    return;
                }
                round = _waiting;
                _waiting = new Dictionary<string, TaskCompletionSource<bool>>(StringComparer.Ordinal);
            }
            try
            {
                var rewritten = await Repair(round.Keys.ToList());
                foreach (var (persistenceId, waiting) in round)
                    waiting.TrySetResult(rewritten.Contains(persistenceId));
            }
            catch (Exception e)
            {
                foreach (var waiting in round.Values)
                    waiting.TrySetException(e);
            }
        }
    }

    private async Task<IReadOnlySet<string>> Repair(IReadOnlyList<string> persistenceIds)
    {
        var reader = journal.Reader!;
        var request = new RepairRequest(persistenceIds.Select(reader.Head).ToList());
        var state = _cluster.State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        var counted = state.Members.Where(m => m.Address != _cluster.SelfAddress && m.Status is MemberStatus.Up or MemberStatus.Leaving).ToList();
        var asks = counted.Where(m => !unreachable.Contains(m.Address)).Select(async member =>
        {
            try
            {
                var reply = await system.ActorSelection(new RootActorPath(member.Address) / "user" / ReplicaReceiver.Name)
                    .Ask<RepairReply>(request, AskTimeout);
                // a copy still catching up answers with no heads: it cannot vouch for anything
                return reply.Heads.Count == request.Items.Count ? reply : null;
            }
            catch (Exception)
            {
                return null;
            }
        });
        var replies = (await Task.WhenAll(asks)).OfType<RepairReply>().ToList();
        var answered = 1 + replies.Count;
        if (options.Consistency != Consistency.Local && answered * 2 <= 1 + counted.Count)
        {
            throw new ReplicationUnavailableException(
                $"read repair before recovery: only {answered} of the cluster's {1 + counted.Count} members (this one included) answered within " +
                $"{AskTimeout.TotalSeconds:0.#}s, and an entity may recover only from copies that are a majority");
        }
        var events = replies.SelectMany(r => r.Events).OrderBy(e => e.SequenceNr).ThenBy(e => e.CreatedTicks).ToList();
        if (events.Count == 0)
            return new HashSet<string>();
        foreach (var e in events)
            e.Payload = Deserialize(e);
        var stored = await journal.Writer!.WriteReplicas(events, ReplicaMode.Repair);
        return stored.Replaced;
    }

    private object Deserialize(ReplicaEvent e)
    {
        try
        {
            return system.Serialization.Deserialize(e.Message, e.SerializerId, e.Manifest);
        }
        catch (Exception cause)
        {
            return cause;
        }
    }
}
