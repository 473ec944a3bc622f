namespace BlocksterV2.Domain.Tables;

/// <summary>
/// The one place that defines the BUX tables (the Mnesia setup's <c>tables()</c> and <c>table_names()</c>).
/// The HTTP API, the docs and node inspection read them from here.
/// </summary>
public static class BuxTables
{
    public const string UserBuxPoints = "user_bux_points";
    public const string PostBuxPoints = "post_bux_points";

    /// <summary>The Mnesia records' free-form fields and the bookkeeping every BUX table ends with.</summary>
    private static readonly FieldDefinition[] CommonFields =
    [
        new("extra_field1", "string?", "free-form, up to 1024 characters"),
        new("extra_field2", "string?", "free-form, up to 1024 characters"),
        new("extra_field3", "string?", "free-form, up to 1024 characters"),
        new("extra_field4", "string?", "free-form, up to 1024 characters"),
        new("created_at", "datetime", "UTC time of the first event"),
        new("updated_at", "datetime", "UTC time of the latest event"),
        new("version", "long", "number of events that built the record"),
    ];

    public static IReadOnlyList<string> TableNames() => [UserBuxPoints, PostBuxPoints];

    public static IReadOnlyList<TableDefinition> Tables(StorageMode storage) =>
    [
        new(UserBuxPoints,
        [
            new("user_id", "string", "key: 1-128 characters of [A-Za-z0-9_.:-]"),
            new("user_smart_wallet", "string", "0x followed by 40 hex digits, or empty"),
            new("bux_balance", "long", "BUX held; never negative"),
            .. CommonFields,
        ], "user_id", ["bux_balance", "updated_at"], storage),
        new(PostBuxPoints,
        [
            new("post_id", "string", "key: 1-128 characters of [A-Za-z0-9_.:-]"),
            new("reward", "long", "BUX paid to each reader who reads for at least read_time"),
            new("read_time", "long", "seconds a read must last to earn the reward"),
            new("bux_balance", "long", "BUX left in the reward pool; never negative"),
            new("bux_deposited", "long", "BUX ever deposited into the pool"),
            .. CommonFields,
        ], "post_id", ["bux_balance", "updated_at"], storage),
    ];

    public static TableDefinition? Find(string name, StorageMode storage) =>
        Tables(storage).FirstOrDefault(t => t.Name == name);
}
