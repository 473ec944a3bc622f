namespace BlocksterV2.Cluster.LocalTables;

/// <summary>
/// One table as this node keeps it in RAM (Mnesia's RAM copy): rows by key, read without locks, and ordered
/// indexes on <c>bux_balance</c> and <c>updated_at</c> for range queries and ranks. One writer (the node's journal
/// feed) changes it; index readers take a shared lock so they never see a row and its index entries disagree.
/// </summary>
public sealed class LocalTable<TRow>(string name) where TRow : class, ITableRow
{
    private const int BalanceEntryBytes = 24;
    private const int UpdatedEntryBytes = 16;
    private readonly RowMap<TRow> _rows = new();
    private readonly OrderedIndex<BalanceEntry, BalanceOrder> _byBalance = new();
    private readonly OrderedIndex<UpdatedEntry, UpdatedOrder> _byUpdated = new();
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private long _rowBytes;

    public string Name { get; } = name;

    public int Count => _rows.Count;

    /// <summary>The dirty read: the row as this node last stored it, without a lock.</summary>
    public TRow? Get(ReadOnlySpan<char> key) => _rows.Get(key);

    /// <summary>Bytes of RAM the table holds: rows, keys, the key map and both indexes.</summary>
    public long HeapBytes
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _rowBytes + _rows.HeapBytes + _byBalance.HeapBytes(BalanceEntryBytes) + _byUpdated.HeapBytes(UpdatedEntryBytes);
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Stores <paramref name="row"/> in place of the row with its key. Called by the single writer only.</summary>
    public void Put(TRow row)
    {
        var previous = _rows.Get(row.Key);
        _lock.EnterWriteLock();
        try
        {
            if (previous is not null)
            {
                _byBalance.Remove(BalanceOf(previous));
                _byUpdated.Remove(new UpdatedEntry(previous.UpdatedTicks, previous.Key));
                _rowBytes -= previous.HeapBytes;
            }
            _rows.Set(row);
            _byBalance.Add(BalanceOf(row));
            _byUpdated.Add(new UpdatedEntry(row.UpdatedTicks, row.Key));
            _rowBytes += row.HeapBytes;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Takes the row with <paramref name="key"/> out, with its index entries. Called by the single writer only.</summary>
    public void Remove(string key)
    {
        if (_rows.Get(key) is not { } previous)
            return;
        _lock.EnterWriteLock();
        try
        {
            _byBalance.Remove(BalanceOf(previous));
            _byUpdated.Remove(new UpdatedEntry(previous.UpdatedTicks, previous.Key));
            _rowBytes -= previous.HeapBytes;
            _rows.Remove(key);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>The row's 1-based place in balance order (leaderboard order), found in the index; null when unknown.</summary>
    public (TRow Row, long Rank)? Rank(string key)
    {
        _lock.EnterReadLock();
        try
        {
            var row = _rows.Get(key);
            return row is null ? null : (row, _byBalance.CountBefore(BalanceOf(row)) + 1L);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>The first <paramref name="count"/> rows in balance order.</summary>
    public List<TRow> Top(int count)
    {
        _lock.EnterReadLock();
        try
        {
            var collect = new Collector(this, count, null, long.MaxValue, long.MinValue, long.MinValue);
            _byBalance.ScanAll(ref collect);
            return collect.Rows;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// Rows with <paramref name="minBalance"/> &lt;= balance &lt;= <paramref name="maxBalance"/> and updated at or after
    /// <paramref name="updatedSinceTicks"/>, in balance order, starting after <paramref name="after"/>.
    /// </summary>
    public RangePage<TRow> ByBalance(long minBalance, long maxBalance, long updatedSinceTicks, BalanceEntry? after, int limit)
    {
        _lock.EnterReadLock();
        try
        {
            var collect = new Collector(this, limit, after, maxBalance, minBalance, updatedSinceTicks);
            _byBalance.Scan(after ?? new BalanceEntry(maxBalance, long.MinValue, ""), ref collect);
            return new RangePage<TRow>(collect.Rows, collect.More);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Rows updated at or after <paramref name="updatedSinceTicks"/>, oldest first, starting after <paramref name="after"/>.</summary>
    public RangePage<TRow> ByUpdated(long updatedSinceTicks, UpdatedEntry? after, int limit)
    {
        _lock.EnterReadLock();
        try
        {
            var collect = new UpdatedCollector(this, limit, after, updatedSinceTicks);
            _byUpdated.Scan(after ?? new UpdatedEntry(updatedSinceTicks, ""), ref collect);
            return new RangePage<TRow>(collect.Rows, collect.More);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Every row, in no particular order (a checkpoint's contents).</summary>
    public List<TRow> Rows() => _rows.Rows();

    public static BalanceEntry BalanceOf(TRow row) => new(row.Balance, row.UpdatedTicks, row.Key);

    private struct Collector(LocalTable<TRow> table, int limit, BalanceEntry? after, long maxBalance, long minBalance, long updatedSinceTicks)
        : IIndexVisitor<BalanceEntry>
    {
        public readonly List<TRow> Rows = new(Math.Min(limit, 1024));
        public bool More;

        public bool Visit(BalanceEntry entry)
        {
            if (entry.Balance < minBalance)
                return false;
            if (entry.Balance > maxBalance || entry.UpdatedTicks < updatedSinceTicks || entry == after)
                return true;
            if (Rows.Count == limit)
            {
                More = true;
                return false;
            }
            Rows.Add(table._rows.Get(entry.Key)!);
            return true;
        }
    }

    private struct UpdatedCollector(LocalTable<TRow> table, int limit, UpdatedEntry? after, long updatedSinceTicks) : IIndexVisitor<UpdatedEntry>
    {
        public readonly List<TRow> Rows = new(Math.Min(limit, 1024));
        public bool More;

        public bool Visit(UpdatedEntry entry)
        {
            if (entry == after || entry.UpdatedTicks < updatedSinceTicks)
                return true;
            if (Rows.Count == limit)
            {
                More = true;
                return false;
            }
            Rows.Add(table._rows.Get(entry.Key)!);
            return true;
        }
    }
}

/// <summary>One page of a range query; <see cref="More"/> says whether rows follow the last one.</summary>
public sealed record RangePage<TRow>(IReadOnlyList<TRow> Rows, bool More);
