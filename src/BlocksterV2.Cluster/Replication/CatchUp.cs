using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using BlocksterV2.Cluster.Persistence;

namespace BlocksterV2.Cluster.Replication;

/// <summary>What a catch-up did, for the log, <c>pbm bux sync</c> and the status.</summary>
public sealed record CatchUpOutcome(string Summary, long Pulled, long Conflicts, long Quarantined, IReadOnlyList<ReplicaStatus> Peers);

/// <summary>
/// Pulls what this copy lacks from the other copies, incrementally: each source sends only the events beyond this copy's
/// watermark of each origin, in its own commit order. At start (the Mnesia setup's "sync schema, wait for tables") it decides
/// whose copies count: caught-up members when there are any; else, when every member this copy last ran with is back
/// and starting too, all of them (no entity lives anywhere yet); else it waits for those that may hold newer writes.
/// A node alone (a new cluster, or the last one standing) starts from its own copy. Events an earlier start of this
/// node committed that no caught-up copy holds were never acknowledged: they move to the conflicts table.
/// </summary>
public sealed class CatchUp(ActorSystem system, NodeJournal journal, ReplicationOptions options, MemberRecords records, ILoggingAdapter log)
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan WaitingLogEvery = TimeSpan.FromSeconds(10);

    /// <summary>Pulls from one source at start before the node serves with what it has.</summary>
    private const int PullAttempts = 3;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(system);

    private TimeSpan AskTimeout => options.AckTimeout > TimeSpan.FromSeconds(3) ? options.AckTimeout : TimeSpan.FromSeconds(3);

    /// <summary>What the node's readiness shows while it catches up.</summary>
    public string Progress { get; private set; } = "waiting for this member to be Up";

    public async Task<CatchUpOutcome> AtStart(Func<bool> forced, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var self = _cluster.SelfAddress.ToString();
        var lastWaitingLog = TimeSpan.MinValue;
        string? lastWaiting = null;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            var peers = UpPeers();
            var known = records.Present(self);
            string waiting;
            if (peers.Count == 0)
            {
                if (known.Count == 0)
                    return Alone(clock, "no other member holds a copy: this is the first node of a new cluster, or every other member it ran with left before it");
                if (forced())
                    return Alone(clock, $"pbm bux sync forced it, although [{string.Join(", ", known)}] may hold newer writes");
                waiting = $"no other member is Up, and [{string.Join(", ", known)}], which this copy last ran with and did not see leave, may hold writes it lacks";
            }
            else
            {
                Progress = $"asking [{string.Join(", ", peers)}] how their copies stand";
                var statuses = await Statuses(peers, digests: false);
                var caughtUp = statuses.Where(s => s.Status.IsCaughtUp).ToList();
                if (caughtUp.Count > 0)
                    return await FromCaughtUp(clock, caughtUp);
                var missing = known.Except(statuses.Select(s => s.Node.ToString())).ToList();
                if (missing.Count == 0 || forced())
                    return await Union(clock, statuses, forced() && missing.Count > 0 ? "pbm bux sync forced it" : null);
                waiting = $"[{string.Join(", ", statuses.Select(s => s.Node))}] are starting too and none has caught up, and " +
                          $"[{string.Join(", ", missing)}], which this copy last ran with and did not see leave, may hold writes it lacks";
            }
            Progress = $"waiting: {waiting}";
            if (waiting != lastWaiting || clock.Elapsed - lastWaitingLog >= WaitingLogEvery)
            {
                log.Warning("Catch-up: waiting before this node serves: {0}. It starts as soon as one of them is back. If they are gone for good, " +
                            "run `pbm {1} bux sync` to start from the copies that are here (writes only the missing members held are then lost).",
                    waiting, "<this node's pbm address>");
                lastWaiting = waiting;
                lastWaitingLog = clock.Elapsed;
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancellation);
        }
    }

    /// <summary>Pulls from every caught-up member (or only <paramref name="sources"/>) what this copy lacks.</summary>
    public async Task<CatchUpOutcome> Round(IReadOnlyCollection<Address>? sources)
    {
        var peers = UpPeers().Where(p => sources is null || sources.Contains(p)).ToList();
        var statuses = await Statuses(peers, digests: false);
        long pulled = 0, conflicts = 0;
        var from = new List<string>();
        foreach (var (node, status) in statuses.Where(s => s.Status.IsCaughtUp))
        {
            if (!Lacks(status))
                continue;
            var outcome = await Pull(node, status, report: false);
            pulled += outcome.Pulled;
            conflicts += outcome.Conflicts;
            from.Add($"{node} ({outcome.Pulled})");
        }
        var summary = from.Count == 0
            ? $"this copy already holds everything the caught-up members [{string.Join(", ", statuses.Where(s => s.Status.IsCaughtUp).Select(s => s.Node))}] hold"
            : $"pulled {pulled} events from {string.Join(", ", from)}, {conflicts} conflicts";
        return new CatchUpOutcome(summary, pulled, conflicts, 0, statuses.Select(s => s.Status).ToList());
    }

    /// <summary>Every other member that is Up.</summary>
    public List<Address> UpPeers() => _cluster.State.Members
        .Where(m => m.Status == MemberStatus.Up && m.Address != _cluster.SelfAddress)
        .Select(m => m.Address)
        .ToList();

    /// <summary>The members that answered, with their copies' status.</summary>
    public async Task<List<(Address Node, ReplicaStatus Status)>> Statuses(IReadOnlyList<Address> peers, bool digests)
    {
        var asks = peers.Select(async peer =>
        {
            try
            {
                return (peer, await Receiver(peer).Ask<ReplicaStatus>(new ReplicaStatusRequest(digests), AskTimeout));
            }
            catch (Exception)
            {
                return (peer, (ReplicaStatus?)null);
            }
        });
        return (await Task.WhenAll(asks)).Where(a => a.Item2 is not null).Select(a => (a.peer, a.Item2!)).ToList();
    }

    private CatchUpOutcome Alone(Stopwatch clock, string why)
    {
        var summary = $"starting from this node's own copy ({journal.Origins.All.Sum(o => o.Contiguous)} events): {why}";
        log.Info("Catch-up: {0} ({1:0} ms)", summary, clock.Elapsed.TotalMilliseconds);
        return new CatchUpOutcome(summary, 0, 0, 0, []);
    }

    private async Task<CatchUpOutcome> FromCaughtUp(Stopwatch clock, List<(Address Node, ReplicaStatus Status)> sources)
    {
        long pulled = 0, conflicts = 0;
        var incomplete = new List<Address>();
        foreach (var (node, status) in sources)
        {
            var outcome = await Pull(node, status, report: true);
            // a pull that stopped starts again from this copy's new watermarks: what it stored counts
            for (var attempt = 1; !outcome.Complete && attempt < PullAttempts; attempt++)
            {
                pulled += outcome.Pulled;
                conflicts += outcome.Conflicts;
                outcome = await Pull(node, status, report: true);
            }
            pulled += outcome.Pulled;
            conflicts += outcome.Conflicts;
            if (!outcome.Complete)
                incomplete.Add(node);
        }
        if (incomplete.Count > 0)
        {
            log.Warning("Catch-up: the pulls from [{0}] stopped {1} times each (the lines above say where): this copy lacks some of their events. " +
                        "The node serves anyway, so that one stuck entity does not keep it down: its entities still recover only from a " +
                        "majority's copies (read repair), but its local tables, range queries and table-info may miss those events until a " +
                        "sync completes. See \"A node that will not catch up\" in docs/deploy-fly.md.", string.Join(", ", incomplete), PullAttempts);
        }
        var quarantined = await QuarantineNeverReplicated(sources);
        var rate = pulled / Math.Max(clock.Elapsed.TotalSeconds, 0.001);
        var summary = $"caught up in {clock.Elapsed.TotalSeconds:0.0} s from [{string.Join(", ", sources.Select(s => s.Node))}]: {pulled} events pulled " +
                      $"({rate:0} events/s), {conflicts} conflicts" +
                      (quarantined > 0 ? $", {quarantined} events an earlier start of this node committed but never replicated moved to the conflicts table (pbm bux conflicts)" : "");
        if (incomplete.Count == 0)
            log.Info("Catch-up: {0}; this copy now holds every event those members hold", summary);
        else
            log.Warning("Catch-up: {0}; incomplete from [{1}]", summary, string.Join(", ", incomplete));
        return new CatchUpOutcome(summary, pulled, conflicts, quarantined, sources.Select(s => s.Status).ToList());
    }

    private async Task<CatchUpOutcome> Union(Stopwatch clock, List<(Address Node, ReplicaStatus Status)> starting, string? forcedWhy)
    {
        long pulled = 0, conflicts = 0;
        foreach (var (node, status) in starting)
        {
            var outcome = await Pull(node, status, report: true);
            pulled += outcome.Pulled;
            conflicts += outcome.Conflicts;
        }
        var summary = $"no member had caught up, so the starting members [{string.Join(", ", starting.Select(s => s.Node))}] merged their copies " +
                      $"({forcedWhy ?? "every member this copy last ran with is back"}): {pulled} events pulled, {conflicts} conflicts, " +
                      $"in {clock.Elapsed.TotalSeconds:0.0} s";
        log.Info("Catch-up: {0}", summary);
        return new CatchUpOutcome(summary, pulled, conflicts, 0, starting.Select(s => s.Status).ToList());
    }

    private bool Lacks(ReplicaStatus status) =>
        status.Origins.Any(mark => mark.Contiguous > (journal.Origins.Find(mark.OriginUuid)?.Contiguous ?? 0));

    private long Needed(ReplicaStatus status) =>
        status.Origins.Sum(mark => Math.Max(0, mark.Contiguous - (journal.Origins.Find(mark.OriginUuid)?.Contiguous ?? 0)));

    private sealed record PullOutcome(long Pulled, long Conflicts, bool Complete);

    /// <summary>Pages through what <paramref name="source"/> holds beyond this copy, asking for the next page while storing one.</summary>
    private async Task<PullOutcome> Pull(Address source, ReplicaStatus status, bool report)
    {
        var writer = journal.Writer!;
        var receiver = Receiver(source);
        var marks = journal.Origins.All.Select(o => new OriginMark(o.WriterUuid, o.Node, o.Contiguous)).ToList();
        var needed = Needed(status);
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        long pulled = 0, conflicts = 0, looked = 0;
        var next = receiver.Ask<PullPage>(new PullRequest(marks, -1, options.PullPageEvents), TimeSpan.FromSeconds(30));
        while (true)
        {
            var page = await next;
            if (!page.Done)
                next = receiver.Ask<PullPage>(new PullRequest(marks, page.Cursor, options.PullPageEvents), TimeSpan.FromSeconds(30));
            if (page.Events.Count > 0)
            {
                foreach (var e in page.Events)
                    e.Payload = Deserialize(e);
                var stored = await StorePage(source, page.Events);
                pulled += stored.Inserted;
                conflicts += stored.Conflicts;
                looked += page.Events.Count;
                if (stored.Stopped is not null)
                {
                    log.Warning("Catch-up from {0} stopped at {1} #{2}: this copy lacks the event before it. It pulls again at the next sync; " +
                                "if this repeats, see \"A node that will not catch up\" in docs/deploy-fly.md", source,
                        stored.StoppedAt!.PersistenceId, stored.StoppedAt.SequenceNr);
                    return new PullOutcome(pulled, conflicts, Complete: false);
                }
            }
            if (clock.Elapsed - lastReport >= ProgressEvery || page.Done)
            {
                lastReport = clock.Elapsed;
                var rate = looked / Math.Max(clock.Elapsed.TotalSeconds, 0.001);
                var left = Math.Max(0, needed - looked);
                Progress = $"pulled {looked} of about {needed} events from {source}";
                if (report && !page.Done)
                    log.Info("Catch-up: pulled {0} of about {1} events from {2} ({3:0} events/s, about {4:0} s left)", looked, needed, source, rate,
                        rate > 0 ? left / rate : 0);
            }
            if (page.Done)
            {
                await writer.AdvanceTo(page.Holds.Select(m => (m.OriginUuid, m.Node, m.Contiguous)).ToList());
                return new PullOutcome(pulled, conflicts, Complete: true);
            }
        }
    }

    /// <summary>
    /// Stores a page of a pull. An entity whose previous event this copy lacks although its watermarks say it has dealt
    /// with it (an event this node took back when the cluster did not acknowledge it in time, but which a member got
    /// before it was taken back and the cluster then built on) is repaired from <paramref name="source"/>: the source's
    /// history of that entity from this copy's head on, compared position by position. Then the rest of the page goes on.
    /// Stops only where a repair did not help.
    /// </summary>
    private async Task<ReplicaWriteResult> StorePage(Address source, IReadOnlyList<ReplicaEvent> events)
    {
        var writer = journal.Writer!;
        var repaired = new HashSet<string>(StringComparer.Ordinal);
        int inserted = 0, conflicts = 0, processed = 0;
        var replaced = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var rest = processed == 0 ? events : events.Skip(processed).ToList();
            var stored = await writer.WriteReplicas(rest, ReplicaMode.Pull);
            inserted += stored.Inserted;
            conflicts += stored.Conflicts;
            processed += stored.Processed;
            replaced.UnionWith(stored.Replaced);
            if (stored is not { Stopped: ReplicaOutcome.EntityGap, StoppedAt: { } at } || !repaired.Add(at.PersistenceId))
                return stored with { Processed = processed, Inserted = inserted, Conflicts = conflicts, Replaced = replaced };
            var reply = await Receiver(source).Ask<RepairReply>(new RepairRequest([journal.Reader!.Head(at.PersistenceId)]), AskTimeout);
            foreach (var e in reply.Events)
                e.Payload = Deserialize(e);
            var repair = await writer.WriteReplicas(reply.Events, ReplicaMode.Repair);
            inserted += repair.Inserted;
            conflicts += repair.Conflicts;
            replaced.UnionWith(repair.Replaced);
            log.Info("Catch-up: {0} lacked #{1} although this copy had dealt with its origin's events that far (most likely an event this node " +
                     "took back when the cluster did not acknowledge it in time, which {2} had already stored and built on); repaired it from {2} " +
                     "({3} events stored)", at.PersistenceId, at.SequenceNr - 1, source, repair.Inserted);
        }
    }

    /// <summary>
    /// Events earlier starts of this node committed that no caught-up copy holds (at their position, the same event)
    /// were never acknowledged (an acknowledged write is on every caught-up member): they move to the conflicts table,
    /// and what the caught-up copies hold at their positions comes in their place.
    /// </summary>
    private async Task<long> QuarantineNeverReplicated(List<(Address Node, ReplicaStatus Status)> sources)
    {
        var candidates = new List<RepairItem>();
        foreach (var origin in journal.Origins.All.Where(o => o.Own && o.WriterUuid != journal.WriterUuid))
        {
            var held = sources.Max(s => s.Status.Origins.FirstOrDefault(m => m.OriginUuid == origin.WriterUuid)?.Contiguous ?? 0);
            if (origin.Contiguous > held)
                candidates.AddRange(journal.Reader!.OriginEventsAfter(origin, held));
        }
        if (candidates.Count == 0)
            return 0;
        var heldSomewhere = new HashSet<RepairItem>();
        foreach (var (node, _) in sources)
        {
            var reply = await Receiver(node).Ask<HoldsReply>(new HoldsRequest(candidates), AskTimeout);
            heldSomewhere.UnionWith(reply.Held.Where(h => h.HeadWriter is not null).Intersect(candidates));
        }
        var lost = candidates.Where(c => !heldSomewhere.Contains(c))
            .GroupBy(c => c.PersistenceId)
            .Select(g => (g.Key, g.Min(c => c.HeadSeq)))
            .ToList();
        if (lost.Count == 0)
            return 0;
        var moved = await journal.Writer!.Quarantine(lost,
            "committed by an earlier start of this node and never replicated: the cluster never acknowledged it");
        foreach (var (persistenceId, fromSeq) in lost.Take(20))
        {
            log.Warning("Catch-up: {0} from #{1} on was committed by an earlier start of this node but no other copy holds it, so the cluster " +
                        "never acknowledged it: moved to the conflicts table, never replayed. `pbm bux conflicts` lists it; its caller was " +
                        "answered with an error or not at all.", persistenceId, fromSeq);
        }
        // what the caught-up copies hold at those positions (they skipped it: this copy already had an event there)
        var repair = new RepairRequest(lost.Select(l => new RepairItem(l.Key, l.Item2 - 1, null, 0)).ToList());
        foreach (var (node, _) in sources)
        {
            var reply = await Receiver(node).Ask<RepairReply>(repair, AskTimeout);
            foreach (var e in reply.Events)
                e.Payload = Deserialize(e);
            await journal.Writer!.WriteReplicas(reply.Events, ReplicaMode.Repair);
        }
        return moved;
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

    private ActorSelection Receiver(Address node) => system.ActorSelection(new RootActorPath(node) / "user" / ReplicaReceiver.Name);
}
