using System.Numerics;

namespace BlocksterV2.Cluster.LocalTables;

/// <summary>
/// The table's rows by key: open addressing over an array of row references (8 bytes a slot, against ~56 for a
/// ConcurrentDictionary entry). One writer, any number of readers without locks: a slot only ever goes from
/// empty to a row or from a row to its newer version, and a grown array is filled completely before it is
/// published, so a reader sees the row as it was before or after a write, never a torn one. Rows leave only when
/// every event of theirs moved to the conflicts table, which is rare: a removal publishes a fresh array without the
/// row, so there are no tombstones.
/// </summary>
internal sealed class RowMap<TRow> where TRow : class, ITableRow
{
    private const double MaxLoad = 0.7;
    private TRow?[] _slots = new TRow?[16];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public long HeapBytes => HeapSizes.ArrayHeader + (long)Volatile.Read(ref _slots).Length * HeapSizes.Reference;

    public TRow? Get(ReadOnlySpan<char> key)
    {
        var slots = Volatile.Read(ref _slots);
        var mask = slots.Length - 1;
        for (var i = Home(string.GetHashCode(key), slots.Length); ; i = (i + 1) & mask)
        {
            var row = Volatile.Read(ref slots[i]);
            if (row is null || key.SequenceEqual(row.Key))
                return row;
        }
    }

    /// <summary>Stores <paramref name="row"/> in place of the row with its key. Single writer only.</summary>
    public void Set(TRow row)
    {
        var slot = Find(_slots, row.Key);
        if (_slots[slot] is not null)
        {
            Volatile.Write(ref _slots[slot], row);
            return;
        }
        if (_count + 1 > _slots.Length * MaxLoad)
        {
            var grown = new TRow?[_slots.Length * 2];
            foreach (var existing in _slots)
            {
                if (existing is not null)
                    grown[Find(grown, existing.Key)] = existing;
            }
            grown[Find(grown, row.Key)] = row;
            Volatile.Write(ref _slots, grown);
        }
        else
        {
            Volatile.Write(ref _slots[slot], row);
        }
        Volatile.Write(ref _count, _count + 1);
    }

    /// <summary>Takes the row with <paramref name="key"/> out by publishing a copy of the slots without it. Single writer only.</summary>
    public void Remove(string key)
    {
        if (_slots[Find(_slots, key)] is null)
            return;
        var rebuilt = new TRow?[_slots.Length];
        foreach (var existing in _slots)
        {
            if (existing is not null && existing.Key != key)
                rebuilt[Find(rebuilt, existing.Key)] = existing;
        }
        Volatile.Write(ref _slots, rebuilt);
        Volatile.Write(ref _count, _count - 1);
    }

    /// <summary>Every row, in no particular order.</summary>
    public List<TRow> Rows()
    {
        var slots = Volatile.Read(ref _slots);
        var rows = new List<TRow>(Count);
        foreach (var row in slots)
        {
            if (row is not null)
                rows.Add(row);
        }
        return rows;
    }

    /// <summary>The slot holding the row with <paramref name="key"/>, or the empty slot where it belongs.</summary>
    private static int Find(TRow?[] slots, string key)
    {
        var mask = slots.Length - 1;
        for (var i = Home(key.GetHashCode(), slots.Length); ; i = (i + 1) & mask)
        {
            var existing = slots[i];
            if (existing is null || existing.Key == key)
                return i;
        }
    }

    /// <summary>Fibonacci hashing spreads the bits of the string hash over the table's size.</summary>
    private static int Home(int hash, int length) =>
        (int)(((uint)hash * 2654435769u) >> (32 - BitOperations.Log2((uint)length)));
}
