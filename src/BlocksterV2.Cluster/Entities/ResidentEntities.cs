using System.Diagnostics;
using Akka.Actor;

namespace BlocksterV2.Cluster.Entities;

/// <summary>
/// Bounds how many entities this node keeps in memory (<c>Bux:Entities:MaxResident</c>). Akka.NET's sharding
/// passivates only idle entities; the JVM's <c>active-entity-limit</c> passivates the least recently used once a
/// limit is passed, and this does the same across both entity types with the CLOCK approximation of LRU: every
/// message sets its entity's referenced bit (one field write, no lock), and when a start passes the limit a hand
/// sweeps the ring, clearing set bits and asking the first entity whose bit is clear to leave. The entity leaves
/// through its shard's normal <c>Passivate</c>, so messages that arrive meanwhile are buffered and start it again,
/// and a persist in flight finishes first.
/// </summary>
public sealed class ResidentEntities : IExtension
{
    private readonly Lock _gate = new();
    private readonly List<ResidentSlot> _ring = [];
    private readonly int[] _byKind = new int[2];
    private int _hand;
    private int _leaving;
    private long _passivations;
    private (long At, long Passivations) _rateSample = (Stopwatch.GetTimestamp(), 0);

    /// <summary>This node's bound; its regions set the limit when they start.</summary>
    public static ResidentEntities For(ActorSystem system) => system.WithExtension<ResidentEntities, ResidentEntitiesProvider>();

    /// <summary>At most this many entities stay resident; 0 means no limit.</summary>
    public int Limit { get; private set; }

    public void SetLimit(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        lock (_gate)
            Limit = limit;
    }

    /// <summary>A started entity takes a slot; it may make the least recently used one leave.</summary>
    public ResidentSlot Enter(IActorRef entity, EntityKind kind)
    {
        var slot = new ResidentSlot(entity, kind);
        List<IActorRef>? leavers;
        lock (_gate)
        {
            slot.Index = _ring.Count;
            _ring.Add(slot);
            _byKind[(int)kind]++;
            leavers = Limit > 0 ? ChooseLeavers() : null;
        }
        foreach (var leaver in leavers ?? [])
            leaver.Tell(LeaveForRoom.Instance);
        return slot;
    }

    /// <summary>A stopped entity gives its slot back.</summary>
    public void Exit(ResidentSlot slot)
    {
        lock (_gate)
        {
            if (slot.Index < 0)
                return;
            var last = _ring[^1];
            _ring[slot.Index] = last;
            last.Index = slot.Index;
            _ring.RemoveAt(_ring.Count - 1);
            slot.Index = -1;
            _byKind[(int)slot.Kind]--;
            if (slot.AskedToLeave)
                _leaving--;
        }
    }

    /// <summary>An entity asked to leave that cannot yet (a reward transfer is under way) stays and counts as just used.</summary>
    public void Stay(ResidentSlot slot)
    {
        lock (_gate)
        {
            if (!slot.AskedToLeave || slot.Index < 0)
                return;
            slot.AskedToLeave = false;
            slot.Touch();
            _leaving--;
        }
    }

    public ResidentCounts Counts()
    {
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            var seconds = Stopwatch.GetElapsedTime(_rateSample.At, now).TotalSeconds;
            var rate = seconds > 0 ? (_passivations - _rateSample.Passivations) / seconds : 0;
            if (seconds >= 10)
                _rateSample = (now, _passivations); // the rate covers the last 10 to 20 seconds
            return new ResidentCounts(_byKind[(int)EntityKind.User], _byKind[(int)EntityKind.Post], Limit, _passivations, Math.Round(rate, 1));
        }
    }

    private List<IActorRef>? ChooseLeavers()
    {
        List<IActorRef>? leavers = null;
        // two turns at most: the first clears every bit it passes, the second finds one clear
        for (var looked = 0; _ring.Count - _leaving > Limit && looked < 2 * _ring.Count; looked++)
        {
            if (_hand >= _ring.Count)
                _hand = 0;
            var slot = _ring[_hand++];
            if (slot.AskedToLeave)
                continue;
            if (slot.TakeReferenced())
                continue;
            slot.AskedToLeave = true;
            _leaving++;
            _passivations++;
            (leavers ??= []).Add(slot.Entity);
        }
        return leavers;
    }
}

public enum EntityKind
{
    User = 0,
    Post = 1,
}

/// <summary>One resident entity's place in the ring; only the entity writes its referenced bit.</summary>
public sealed class ResidentSlot(IActorRef entity, EntityKind kind)
{
    private volatile bool _referenced = true; // just started for a message: recently used

    internal IActorRef Entity { get; } = entity;

    internal EntityKind Kind { get; } = kind;

    internal int Index { get; set; }

    internal bool AskedToLeave { get; set; }

    public void Touch()
    {
        if (!_referenced)
            _referenced = true;
    }

    internal bool TakeReferenced()
    {
        if (!_referenced)
            return false;
        _referenced = false;
        return true;
    }
}

/// <summary>Sent by <see cref="ResidentEntities"/> to the entity it chose to make room.</summary>
public sealed class LeaveForRoom
{
    public static readonly LeaveForRoom Instance = new();

    private LeaveForRoom()
    {
    }
}

/// <summary>Resident entities on this node, the limit, and how many were passivated to keep to it (in all, and per second lately).</summary>
public sealed record ResidentCounts(int Users, int Posts, int Limit, long Passivations, double PassivationsPerSecond)
{
    public int Total => Users + Posts;
}

internal sealed class ResidentEntitiesProvider : ExtensionIdProvider<ResidentEntities>
{
    public override ResidentEntities CreateExtension(ExtendedActorSystem system) => new();
}
