using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Benchmarks;

/// <summary>
/// What one user record costs in a local table, measured: the managed heap growth (after full collections) from
/// filling a fresh <see cref="LocalTable{TRow}"/> with <c>rows</c> rows like the benchmark's users, divided by the
/// rows. Only the table stays reachable, so the figure holds the rows, their keys, the key map and both indexes.
/// </summary>
public static class LocalTableMemory
{
    public sealed record Measured(long BytesPerUser, long EstimatedBytesPerUser);

    /// <param name="withWallet">Every row gets a checksummed (mixed-case) <c>0x</c> smart-wallet address.</param>
    public static Measured Fill(int rows, bool withWallet)
    {
        var random = new Random(rows);
        var start = DateTime.UtcNow;
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var table = new LocalTable<UserRow>(BlocksterV2.Domain.Tables.BuxTables.UserBuxPoints);
        for (var i = 0; i < rows; i++)
        {
            // as the journal feed builds a row: the key is the row's own string, the record is dropped
            var key = $"bench-user-{i}";
            var at = start.AddTicks(i * 10L);
            var record = new UserBuxPoints(key, withWallet ? Wallet(random) : "", 1000, null, null, null, null, at, at, 1);
            table.Put(UserRow.From(record, key));
        }
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var measured = new Measured((after - before) / rows, table.HeapBytes / table.Count);
        GC.KeepAlive(table);
        return measured;
    }

    /// <summary>A random address with random letter case, as EIP-55 checksummed addresses mix cases.</summary>
    private static string Wallet(Random random) => string.Create(42, random, static (chars, r) =>
    {
        chars[0] = '0';
        chars[1] = 'x';
        const string digits = "0123456789abcdefABCDEF";
        for (var i = 2; i < chars.Length; i++)
            chars[i] = digits[r.Next(digits.Length)];
    });
}
