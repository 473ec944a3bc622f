namespace BlocksterV2.Domain;

/// <summary>
/// What a pure <c>Process</c> function decided: persist <see cref="Event"/>, answer with an earlier
/// <see cref="Replay"/> (a repeated idempotency key), or refuse with <see cref="Rejection"/>.
/// </summary>
public readonly record struct Decision<TEvent, TResult>(TEvent? Event, TResult? Replay, Rejection? Rejection)
    where TEvent : class
    where TResult : class
{
    public static Decision<TEvent, TResult> Persist(TEvent e) => new(e, null, null);
    public static Decision<TEvent, TResult> Replayed(TResult result) => new(null, result, null);
    public static Decision<TEvent, TResult> Reject(Rejection rejection) => new(null, null, rejection);

    public static implicit operator Decision<TEvent, TResult>(Rejection rejection) => Reject(rejection);
}
