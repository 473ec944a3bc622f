using System.Data.Common;
using LinqToDB.Interceptors;

namespace BlocksterV2.Cluster.Persistence;

/// <summary>
/// Sets the per-connection pragmas that the SQL plugin never sets. <c>synchronous=NORMAL</c> in WAL mode
/// keeps every committed transaction across a killed process (only an OS crash can lose the last ones);
/// <c>busy_timeout</c> lets the snapshot store and the journal share the file without spurious SQLITE_BUSY.
/// </summary>
public sealed class SqlitePragmas : ConnectionInterceptor
{
    public const string Statement = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA temp_store=MEMORY;";

    public override void ConnectionOpened(ConnectionEventData eventData, DbConnection connection) => Apply(connection);

    public override Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken) =>
        ApplyAsync(connection, cancellationToken);

    public static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Statement;
        command.ExecuteNonQuery();
    }

    private static async Task ApplyAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Statement;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
