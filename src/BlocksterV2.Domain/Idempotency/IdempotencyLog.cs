using System.Collections.Immutable;

namespace BlocksterV2.Domain.Idempotency;

/// <summary>One remembered idempotent request: the request's fingerprint and the result it produced.</summary>
public sealed record IdempotencyEntry<TResult>(string Key, string Fingerprint, TResult? Result);

/// <summary>
/// The last <see cref="Capacity"/> idempotency keys a record has seen. A repeated key with the same fingerprint
/// replays the first result; with another fingerprint it is a conflict. Older keys are forgotten (like the
/// 24-hour retention of payment APIs), which keeps a record's memory bounded.
/// </summary>
public sealed class IdempotencyLog<TResult>
{
    public const int Capacity = 256;

    public static readonly IdempotencyLog<TResult> Empty = new(ImmutableDictionary<string, IdempotencyEntry<TResult>>.Empty, ImmutableQueue<string>.Empty);

    private readonly ImmutableDictionary<string, IdempotencyEntry<TResult>> _entries;
    private readonly ImmutableQueue<string> _order;

    private IdempotencyLog(ImmutableDictionary<string, IdempotencyEntry<TResult>> entries, ImmutableQueue<string> order)
    {
        _entries = entries;
        _order = order;
    }

    public int Count => _entries.Count;

    /// <summary>Entries oldest first, for snapshots.</summary>
    public IEnumerable<IdempotencyEntry<TResult>> Entries => _order.Select(key => _entries[key]);

    public IdempotencyEntry<TResult>? Find(string? key) =>
        key is not null && _entries.TryGetValue(key, out var entry) ? entry : null;

    public IdempotencyLog<TResult> Remember(string? key, string fingerprint, TResult? result)
    {
        if (key is null)
            return this;
        if (_entries.ContainsKey(key))
            return new IdempotencyLog<TResult>(_entries.SetItem(key, new IdempotencyEntry<TResult>(key, fingerprint, result)), _order);

        var entries = _entries.Add(key, new IdempotencyEntry<TResult>(key, fingerprint, result));
        var order = _order.Enqueue(key);
        while (entries.Count > Capacity)
        {
            order = order.Dequeue(out var oldest);
            entries = entries.Remove(oldest);
        }
        return new IdempotencyLog<TResult>(entries, order);
    }

    public IdempotencyLog<TResult> Forget(string? key)
    {
        if (key is null || !_entries.ContainsKey(key))
            return this;
        return new IdempotencyLog<TResult>(_entries.Remove(key), ImmutableQueue.CreateRange(_order.Where(k => k != key)));
    }

    public static IdempotencyLog<TResult> From(IEnumerable<IdempotencyEntry<TResult>>? entries) =>
        (entries ?? []).Aggregate(Empty, (log, e) => log.Remember(e.Key, e.Fingerprint, e.Result));
}
