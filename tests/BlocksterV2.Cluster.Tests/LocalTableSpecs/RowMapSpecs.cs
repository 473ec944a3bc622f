using BlocksterV2.Cluster.LocalTables;

namespace BlocksterV2.Cluster.Tests.LocalTableSpecs;

/// <summary>
/// The lock-free key map: readers run while the single writer inserts and grows the slot array, and must never get
/// another key's row, nor miss a row whose insert finished before the read began.
/// </summary>
public sealed class RowMapSpecs
{
    private sealed class Row(string key, long version) : ITableRow
    {
        public string Key { get; } = key;
        public long Balance => 0;
        public long UpdatedTicks => 0;
        public long Version { get; } = version;
        public long HeapBytes => 0;
    }

    private static string KeyOf(int i) => $"user:{i}";

    [Fact]
    public void Readers_during_100k_inserts_and_updates_never_see_a_wrong_row_or_miss_a_finished_insert()
    {
        const int rows = 100_000;
        var map = new RowMap<Row>();
        var inserted = 0; // keys below this are in the map: published by the writer after Set returns
        var writing = true;
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        long found = 0;

        void Read(int seed)
        {
            var random = new Random(seed);
            while (Volatile.Read(ref writing))
            {
                var done = Volatile.Read(ref inserted);
                // mostly keys already in, some on the edge being written, some absent
                var i = random.Next(Math.Max(1, done + 50));
                var key = KeyOf(i);
                var row = map.Get(key);
                if (row is not null)
                {
                    Interlocked.Increment(ref found);
                    if (row.Key != key)
                        errors.Enqueue($"asked {key}, got {row.Key}");
                }
                else if (i < done)
                {
                    errors.Enqueue($"{key} was inserted before the read began but was not found");
                }
                if (errors.Count > 20)
                    return;
            }
        }

        var readers = Enumerable.Range(1, 2).Select(seed => new Thread(() => Read(seed)) { IsBackground = true }).ToList();
        readers.ForEach(r => r.Start());
        for (var i = 0; i < rows; i++)
        {
            map.Set(new Row(KeyOf(i), 1));
            Volatile.Write(ref inserted, i + 1);
            if (i % 3 == 0)
                map.Set(new Row(KeyOf(i / 2), 2)); // an update in place: a slot goes from a row to its newer version
        }
        Volatile.Write(ref writing, false);
        readers.ForEach(r => r.Join());

        Assert.Empty(errors);
        Assert.True(Interlocked.Read(ref found) > 0, "the readers found nothing: the spec did not exercise the map");
        Assert.Equal(rows, map.Count);
        for (var i = 0; i < rows; i++)
        {
            var row = map.Get(KeyOf(i));
            Assert.NotNull(row);
            Assert.Equal(KeyOf(i), row.Key);
        }
        Assert.Equal(2, map.Get(KeyOf(10))!.Version);
        Assert.Null(map.Get(KeyOf(rows)));
        Assert.Equal(rows, map.Rows().Select(r => r.Key).Distinct().Count());
    }

    [Fact]
    public void Span_lookups_find_the_row_stored_under_an_equal_string()
    {
        var map = new RowMap<Row>();
        map.Set(new Row("post:a:b", 1));

        // the feed looks rows up by a slice of the persistence id, not by a string of its own
        Assert.Equal("post:a:b", map.Get("user-post:a:b".AsSpan(5))!.Key);
        Assert.Null(map.Get("post:a:".AsSpan()));
    }
}
