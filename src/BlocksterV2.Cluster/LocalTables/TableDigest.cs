using System.IO.Hashing;
using System.Text;

namespace BlocksterV2.Cluster.LocalTables;

/// <summary>An order-independent digest of a table copy: the sum of every row's XxHash64, in hex.</summary>
public static class TableDigest
{
    public static string Of<TRow>(IEnumerable<TRow> rows, Func<TRow, string> text)
    {
        ulong sum = 0;
        var count = 0;
        foreach (var row in rows)
        {
            sum += XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(text(row)));
            count++;
        }
        return $"{count}:{sum:x16}";
    }
}
