using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace BlocksterV2.Cluster.Entities;

/// <summary>
/// The entities' mailbox. Akka's default queue allocates a 32-slot segment (about 1 KB) for every actor up
/// front; an entity mostly holds zero or one message, so this queue allocates nothing until the first message
/// and shrinks back when it drains. A plain lock is cheap here: an entity's queue is rarely contended.
/// </summary>
public sealed class CompactDequeMailbox(Settings settings, Config config)
    : MailboxType(settings, config), IProducesMessageQueue<CompactDequeMessageQueue>
{
    /// <summary>Where <see cref="Hosting.BuxHocon.EntityMailbox"/> configures it.</summary>
    public const string ConfigPath = "bux-entity-mailbox";

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new CompactDequeMessageQueue();
}

/// <summary>A lock-protected ring buffer with room at the front for unstashed messages (persistent actors need it).</summary>
public sealed class CompactDequeMessageQueue : IMessageQueue, IUnboundedDequeBasedMessageQueueSemantics
{
    private const int InitialCapacity = 4;
    private const int RetainedCapacity = 16;

    private readonly Lock _lock = new();
    private Envelope[]? _ring;
    private int _head;
    private int _count;

    public bool HasMessages => Volatile.Read(ref _count) > 0;

    public int Count => Volatile.Read(ref _count);

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        lock (_lock)
        {
            var ring = EnsureRoom();
            ring[(_head + _count) % ring.Length] = envelope;
            Volatile.Write(ref _count, _count + 1);
        }
    }

    public void EnqueueFirst(Envelope envelope)
    {
        lock (_lock)
        {
            var ring = EnsureRoom();
            _head = (_head - 1 + ring.Length) % ring.Length;
            ring[_head] = envelope;
            Volatile.Write(ref _count, _count + 1);
        }
    }

    public bool TryDequeue(out Envelope envelope)
    {
        lock (_lock)
        {
            if (_count == 0)
            {
                envelope = default;
                return false;
            }
            var ring = _ring!;
            envelope = ring[_head];
            ring[_head] = default;
            _head = (_head + 1) % ring.Length;
            Volatile.Write(ref _count, _count - 1);
            if (_count == 0)
            {
                _head = 0;
                if (ring.Length > RetainedCapacity)
                    _ring = null;
            }
            return true;
        }
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope))
            deadletters.Enqueue(owner, envelope);
    }

    private Envelope[] EnsureRoom()
    {
        if (_ring is null)
            return _ring = new Envelope[InitialCapacity];
        if (_count < _ring.Length)
            return _ring;
        var grown = new Envelope[_ring.Length * 2];
        for (var i = 0; i < _count; i++)
            grown[i] = _ring[(_head + i) % _ring.Length];
        _head = 0;
        return _ring = grown;
    }
}
