using System.Data.Common;
using System.Runtime.CompilerServices;
using LinqToDB.Interceptors;
using Microsoft.Data.Sqlite;

namespace BlocksterV2.Cluster.Persistence;

/// <summary>
/// Sets the per-connection pragmas that the SQL plugin never sets. <c>synchronous=NORMAL</c> in WAL mode
/// keeps every committed transaction across a killed process (only an OS crash can lose the last ones);
/// <c>busy_timeout</c> lets the snapshot store and the journal share the file without spurious SQLITE_BUSY;
/// <c>wal_autocheckpoint=0</c> leaves checkpoints to <see cref="SqliteCheckpointer"/>, off the commit path.
/// Pooled connections keep their native handle, so each handle is configured once.
/// </summary>
public sealed class SqlitePragmas : ConnectionInterceptor
{
    public const string Statement = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=0;";

    private static readonly ConditionalWeakTable<object, object> Configured = new();

    public override void ConnectionOpened(ConnectionEventData eventData, DbConnection connection)
    {
        if (!NeedsPragmas(connection, out var handle))
            return;
        using var command = connection.CreateCommand();
        command.CommandText = Statement;
        command.ExecuteNonQuery();
        Remember(handle);
    }

    public override async Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
    {
        if (!NeedsPragmas(connection, out var handle))
            return;
        await using var command = connection.CreateCommand();
        command.CommandText = Statement;
        await command.ExecuteNonQueryAsync(cancellationToken);
        Remember(handle);
    }

    /// <summary>Opens a connection of the node's own (the writer's, the readers', the checkpointer's) with the pragmas set.</summary>
    public static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = Statement;
        command.ExecuteNonQuery();
        return connection;
    }

    private static bool NeedsPragmas(DbConnection connection, out object? handle)
    {
        handle = (connection as SqliteConnection)?.Handle;
        return handle is null || !Configured.TryGetValue(handle, out _);
    }

    private static void Remember(object? handle)
    {
        if (handle is not null)
            Configured.AddOrUpdate(handle, handle);
    }
}
