using BlocksterV2.Cluster.LocalTables;

namespace BlocksterV2.Cluster.Tests.LocalTableSpecs;

/// <summary>
/// The chunked ordered index behaves as a sorted set: checked against <see cref="SortedSet{T}"/> under random adds
/// and removes, through enough entries to split chunks (256 entries each) many times and to empty and merge them again.
/// </summary>
public sealed class OrderedIndexSpecs
{
    private sealed class BalanceComparer : IComparer<BalanceEntry>
    {
        public int Compare(BalanceEntry x, BalanceEntry y) => default(BalanceOrder).Compare(x, y);
    }

    private readonly OrderedIndex<BalanceEntry, BalanceOrder> _index = new();
    private readonly SortedSet<BalanceEntry> _model = new(new BalanceComparer());

    // Few balances and times: most entries tie on balance, many on both, so the key decides the order.
    private static BalanceEntry RandomEntry(Random random) =>
        new(random.Next(0, 12), random.Next(0, 4), $"u:{random.Next(0, 6000)}");

    private void Add(BalanceEntry entry)
    {
        // The table never adds an entry twice (it removes a row's old entry first); the index need not dedupe.
        if (_model.Add(entry))
            _index.Add(entry);
    }

    private void Remove(BalanceEntry entry) => Assert.Equal(_model.Remove(entry), _index.Remove(entry));

    private void AssertSameAsModel(Random random)
    {
        Assert.Equal(_model.Count, _index.Count);
        var scanned = new Collect(int.MaxValue);
        _index.ScanAll(ref scanned);
        Assert.Equal(_model.ToList(), scanned.Entries);

        var sorted = _model.ToList();
        for (var probeCount = 0; probeCount < 40; probeCount++)
        {
            // Probes both present (a rank) and absent (an insertion point).
            var probe = probeCount % 2 == 0 && sorted.Count > 0 ? sorted[random.Next(sorted.Count)] : RandomEntry(random);
            var before = sorted.Count(e => default(BalanceOrder).Compare(e, probe) < 0);
            Assert.Equal(before, _index.CountBefore(probe));

            var from = new Collect(30);
            _index.Scan(probe, ref from);
            Assert.Equal(sorted.Skip(before).Take(30).ToList(), from.Entries);
        }
    }

    [Fact]
    public void Random_adds_and_removes_keep_the_index_equal_to_a_sorted_set()
    {
        var random = new Random(4242);

        // Grow well past one chunk: ~20 chunks of splits.
        for (var i = 0; i < 5000; i++)
            Add(RandomEntry(random));
        AssertSameAsModel(random);
        var grownBytes = _index.HeapBytes(24);

        // Mixed churn at that size.
        for (var i = 0; i < 5000; i++)
        {
            if (random.Next(2) == 0)
                Add(RandomEntry(random));
            else if (_model.Count > 0)
                Remove(random.Next(3) == 0 ? RandomEntry(random) : _model.ElementAt(random.Next(_model.Count)));
        }
        AssertSameAsModel(random);

        // Shrink to a few entries: chunks empty out or merge, and the index must still agree.
        while (_model.Count > 40)
            Remove(_model.ElementAt(random.Next(_model.Count)));
        AssertSameAsModel(random);
        Assert.True(_index.HeapBytes(24) < grownBytes / 4, $"chunks were not given back: {_index.HeapBytes(24)} bytes for 40 entries, {grownBytes} for ~5000");

        // And grow again from the shrunken shape.
        for (var i = 0; i < 3000; i++)
            Add(RandomEntry(random));
        AssertSameAsModel(random);

        while (_model.Count > 0)
            Remove(_model.Min);
        AssertSameAsModel(random);
        Assert.False(_index.Remove(new BalanceEntry(1, 1, "u:1")));
    }

    [Fact]
    public void Ascending_and_descending_inserts_split_chunks_at_both_ends()
    {
        // Sequential inserts always hit the first or the last chunk: the split must move the right half.
        for (var i = 0; i < 1000; i++)
        {
            Add(new BalanceEntry(i, 0, "a"));
            Add(new BalanceEntry(-i - 1, 0, "b"));
        }
        AssertSameAsModel(new Random(7));
        Assert.Equal(0, _index.CountBefore(new BalanceEntry(999, 0, "a")));
        Assert.Equal(1999, _index.CountBefore(new BalanceEntry(-1000, 0, "b")));
    }

    private struct Collect(int max) : IIndexVisitor<BalanceEntry>
    {
        public readonly List<BalanceEntry> Entries = [];

        public bool Visit(BalanceEntry entry)
        {
            if (Entries.Count == max)
                return false;
            Entries.Add(entry);
            return true;
        }
    }
}
