namespace BlocksterV2.Cluster.LocalTables;

/// <summary>
/// An ordered set of index entries kept as a list of sorted chunks (a B+ tree's leaf level, as Mnesia's
/// ordered_set keeps keys in order): adding or removing moves at most one chunk's entries, a position is found by
/// two binary searches, and a rank sums the sizes of the chunks before it. Not thread-safe: the table's lock
/// guards it.
/// </summary>
internal sealed class OrderedIndex<TEntry, TOrder>
    where TEntry : struct
    where TOrder : struct, IComparer<TEntry>
{
    private const int ChunkCapacity = 256;
    private readonly List<Chunk> _chunks = [];
    private readonly TOrder _order = default;

    public int Count { get; private set; }

    public long HeapBytes(int entryBytes) =>
        HeapSizes.ObjectHeader + HeapSizes.ArrayHeader + (long)_chunks.Capacity * HeapSizes.Reference
        + _chunks.Count * (HeapSizes.ObjectHeader + 8 + HeapSizes.ArrayHeader + (long)ChunkCapacity * entryBytes);

    public void Add(TEntry entry)
    {
        if (_chunks.Count == 0)
            _chunks.Add(new Chunk());
        var c = ChunkFor(entry);
        var chunk = _chunks[c];
        var i = LowerBound(chunk, entry);
        if (chunk.Count == ChunkCapacity && i == ChunkCapacity && c == _chunks.Count - 1)
        {
            // Appending (every updated_at entry, ascending loads): keep the full chunk full instead of halving it.
            chunk = new Chunk();
            _chunks.Add(chunk);
            i = 0;
        }
        else if (chunk.Count == ChunkCapacity)
        {
            var upper = new Chunk();
            const int half = ChunkCapacity / 2;
            Array.Copy(chunk.Items, half, upper.Items, 0, half);
            Array.Clear(chunk.Items, half, half);
            chunk.Count = half;
            upper.Count = half;
            _chunks.Insert(c + 1, upper);
            if (i > half)
            {
                chunk = upper;
                i -= half;
            }
        }
        Array.Copy(chunk.Items, i, chunk.Items, i + 1, chunk.Count - i);
        chunk.Items[i] = entry;
        chunk.Count++;
        Count++;
    }

    /// <returns>false when no entry equal to <paramref name="entry"/> is in the index.</returns>
    public bool Remove(TEntry entry)
    {
        if (_chunks.Count == 0)
            return false;
        var c = ChunkFor(entry);
        var chunk = _chunks[c];
        var i = LowerBound(chunk, entry);
        if (i == chunk.Count || _order.Compare(chunk.Items[i], entry) != 0)
            return false;
        chunk.Count--;
        Array.Copy(chunk.Items, i + 1, chunk.Items, i, chunk.Count - i);
        chunk.Items[chunk.Count] = default;
        Count--;
        if (chunk.Count == 0)
            _chunks.RemoveAt(c);
        else if (chunk.Count < ChunkCapacity / 4 && c + 1 < _chunks.Count && _chunks[c + 1].Count + chunk.Count <= ChunkCapacity / 2)
            MergeIntoNext(c);
        return true;
    }

    /// <summary>How many entries order before <paramref name="probe"/>: its 0-based rank.</summary>
    public int CountBefore(TEntry probe)
    {
        if (_chunks.Count == 0)
            return 0;
        var c = ChunkFor(probe);
        var before = 0;
        for (var k = 0; k < c; k++)
            before += _chunks[k].Count;
        return before + LowerBound(_chunks[c], probe);
    }

    /// <summary>
    /// Visits the entries from the first one not ordered before <paramref name="from"/>, in order, until
    /// <paramref name="visit"/> returns false or the index ends.
    /// </summary>
    public void Scan<TVisitor>(TEntry from, ref TVisitor visit) where TVisitor : struct, IIndexVisitor<TEntry>
    {
        if (_chunks.Count == 0)
            return;
        var c = ChunkFor(from);
        var i = LowerBound(_chunks[c], from);
        for (; c < _chunks.Count; c++, i = 0)
        {
            var chunk = _chunks[c];
            for (; i < chunk.Count; i++)
            {
                if (!visit.Visit(chunk.Items[i]))
                    return;
            }
        }
    }

    /// <summary>Visits the entries from the first, in order, until <paramref name="visit"/> returns false.</summary>
    public void ScanAll<TVisitor>(ref TVisitor visit) where TVisitor : struct, IIndexVisitor<TEntry>
    {
        foreach (var chunk in _chunks)
        {
            for (var i = 0; i < chunk.Count; i++)
            {
                if (!visit.Visit(chunk.Items[i]))
                    return;
            }
        }
    }

    /// <summary>The first chunk whose last entry does not order before <paramref name="entry"/>; the last chunk when all do.</summary>
    private int ChunkFor(TEntry entry)
    {
        int low = 0, high = _chunks.Count - 1;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            var chunk = _chunks[middle];
            if (_order.Compare(chunk.Items[chunk.Count - 1], entry) < 0)
                low = middle + 1;
            else
                high = middle;
        }
        return low;
    }

    private int LowerBound(Chunk chunk, TEntry entry)
    {
        int low = 0, high = chunk.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_order.Compare(chunk.Items[middle], entry) < 0)
                low = middle + 1;
            else
                high = middle;
        }
        return low;
    }

    private void MergeIntoNext(int c)
    {
        var chunk = _chunks[c];
        var next = _chunks[c + 1];
        Array.Copy(next.Items, 0, next.Items, chunk.Count, next.Count);
        Array.Copy(chunk.Items, 0, next.Items, 0, chunk.Count);
        next.Count += chunk.Count;
        _chunks.RemoveAt(c);
    }

    private sealed class Chunk
    {
        public readonly TEntry[] Items = new TEntry[ChunkCapacity];
        public int Count;
    }
}

/// <summary>Called by <see cref="OrderedIndex{TEntry,TOrder}"/> for each entry of a scan; a struct, so the scan inlines it.</summary>
internal interface IIndexVisitor<in TEntry>
{
    /// <returns>false to stop the scan.</returns>
    bool Visit(TEntry entry);
}
