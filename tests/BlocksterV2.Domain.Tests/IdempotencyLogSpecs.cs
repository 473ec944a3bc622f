using BlocksterV2.Domain.Idempotency;

namespace BlocksterV2.Domain.Tests;

public class IdempotencyLogSpecs
{
    private static IdempotencyLog<string> Filled(int count, string prefix = "k") =>
        Enumerable.Range(0, count).Aggregate(IdempotencyLog<string>.Empty, (log, i) => log.Remember($"{prefix}{i}", $"f{i}", $"r{i}"));

    [Fact]
    public void An_empty_log_knows_no_key()
    {
        Assert.Equal(0, IdempotencyLog<string>.Empty.Count);
        Assert.Null(IdempotencyLog<string>.Empty.Find("k"));
        Assert.Null(IdempotencyLog<string>.Empty.Find(null));
        Assert.Empty(IdempotencyLog<string>.Empty.Entries);
    }

    [Fact]
    public void A_remembered_key_is_found_with_its_fingerprint_and_result()
    {
        var log = IdempotencyLog<string>.Empty.Remember("k", "credit|5|", "balance 5");
        Assert.Equal(new IdempotencyEntry<string>("k", "credit|5|", "balance 5"), log.Find("k"));
        Assert.Equal(1, log.Count);
        Assert.Null(log.Find("other"));
        Assert.Equal(0, IdempotencyLog<string>.Empty.Count); // the log is immutable
    }

    [Fact]
    public void A_null_key_is_not_remembered()
    {
        var log = Filled(3);
        Assert.Same(log, log.Remember(null, "f", "r"));
        Assert.Equal(3, log.Count);
    }

    [Fact]
    public void Remembering_a_key_again_replaces_its_entry_without_growing()
    {
        var log = Filled(3).Remember("k1", "f-new", "r-new");
        Assert.Equal(3, log.Count);
        Assert.Equal(new IdempotencyEntry<string>("k1", "f-new", "r-new"), log.Find("k1"));
        Assert.Equal(["k0", "k1", "k2"], log.Entries.Select(e => e.Key));
    }

    [Fact]
    public void Entries_are_listed_oldest_first()
    {
        var log = Filled(5);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"k{i}"), log.Entries.Select(e => e.Key));
    }

    [Fact]
    public void The_window_holds_at_most_capacity_keys_and_forgets_the_oldest()
    {
        var capacity = IdempotencyLog<string>.Capacity;
        var full = Filled(capacity);
        Assert.Equal(capacity, full.Count);
        Assert.NotNull(full.Find("k0"));

        var over = full.Remember("new", "f", "r");
        Assert.Equal(capacity, over.Count);
        Assert.Null(over.Find("k0"));
        Assert.NotNull(over.Find("k1"));
        Assert.NotNull(over.Find("new"));
        Assert.Equal("k1", over.Entries.First().Key);
        Assert.Equal("new", over.Entries.Last().Key);

        var muchOver = Filled(capacity + 10);
        Assert.Equal(capacity, muchOver.Count);
        Assert.All(Enumerable.Range(0, 10), i => Assert.Null(muchOver.Find($"k{i}")));
        Assert.NotNull(muchOver.Find("k10"));
    }

    [Fact]
    public void Replacing_an_entry_does_not_make_it_younger()
    {
        var capacity = IdempotencyLog<string>.Capacity;
        var log = Filled(capacity).Remember("k0", "again", "again").Remember("new", "f", "r");
        Assert.Null(log.Find("k0"));
        Assert.NotNull(log.Find("k1"));
    }

    [Fact]
    public void Forgetting_a_key_removes_it_and_keeps_the_order_of_the_rest()
    {
        var log = Filled(4).Forget("k1");
        Assert.Equal(3, log.Count);
        Assert.Null(log.Find("k1"));
        Assert.Equal(["k0", "k2", "k3"], log.Entries.Select(e => e.Key));

        var same = Filled(4);
        Assert.Same(same, same.Forget("unknown"));
        Assert.Same(same, same.Forget(null));
    }

    [Fact]
    public void A_forgotten_key_frees_room_in_the_window()
    {
        var capacity = IdempotencyLog<string>.Capacity;
        var log = Filled(capacity).Forget("k5").Remember("new", "f", "r");
        Assert.Equal(capacity, log.Count);
        Assert.NotNull(log.Find("k0"));
        Assert.NotNull(log.Find("new"));

        var again = log.Remember("newer", "f", "r");
        Assert.Null(again.Find("k0"));
        Assert.Equal(capacity, again.Count);
    }

    [Fact]
    public void A_log_rebuilt_from_its_entries_is_the_same_log()
    {
        var log = Filled(10).Forget("k3").Remember("k4", "changed", null);
        var rebuilt = IdempotencyLog<string>.From(log.Entries.ToList());
        Assert.Equal(log.Entries, rebuilt.Entries);
        Assert.Null(rebuilt.Find("k4")!.Result);
        Assert.Equal(0, IdempotencyLog<string>.From(null).Count);
    }
}
