using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.LocalTables;

/// <summary>
/// One <c>user_bux_points</c> row as the local table keeps it: immutable (readers share it without locks) and
/// compact (the wallet packed, the free-form fields only when set), since every node keeps every user in RAM.
/// </summary>
public sealed class UserRow : ITableRow
{
    /// <summary>Object header, two references, four longs and the packed wallet.</summary>
    private const int ObjectBytes = HeapSizes.ObjectHeader + 2 * HeapSizes.Reference + 4 * sizeof(long) + 32;

    private readonly PackedWallet _wallet;
    private readonly ExtraFields? _extras;
    private readonly long _createdTicks;

    private UserRow(string key, PackedWallet wallet, long balance, ExtraFields? extras, long createdTicks, long updatedTicks, long version)
    {
        Key = key;
        _wallet = wallet;
        Balance = balance;
        _extras = extras;
        _createdTicks = createdTicks;
        UpdatedTicks = updatedTicks;
        Version = version;
    }

    public string Key { get; }
    public long Balance { get; }
    public long UpdatedTicks { get; }
    public long Version { get; }

    public long HeapBytes => ObjectBytes + HeapSizes.Of(Key) + (_extras?.HeapBytes ?? 0);

    /// <param name="key">The user id to keep: the previous row's string when there is one, so an update allocates no new key.</param>
    public static UserRow From(UserBuxPoints record, string key) =>
        new(key, PackedWallet.Pack(record.UserSmartWallet), record.BuxBalance,
            ExtraFields.Of(record.ExtraField1, record.ExtraField2, record.ExtraField3, record.ExtraField4),
            record.CreatedAt.Ticks, record.UpdatedAt.Ticks, record.Version);

    public UserBuxPoints ToRecord() =>
        new(Key, _wallet.Unpack(), Balance, _extras?.ExtraField1, _extras?.ExtraField2, _extras?.ExtraField3, _extras?.ExtraField4,
            new DateTime(_createdTicks, DateTimeKind.Utc), new DateTime(UpdatedTicks, DateTimeKind.Utc), Version);
}
