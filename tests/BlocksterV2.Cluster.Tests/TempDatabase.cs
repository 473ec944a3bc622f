using BlocksterV2.Cluster.Persistence;
using Microsoft.Data.Sqlite;

namespace BlocksterV2.Cluster.Tests;

/// <summary>A node data directory under the system temp directory, prepared by <see cref="SqlitePersistence.Prepare"/>, deleted afterwards.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Directory = Path.Combine(Path.GetTempPath(), "bux-spec-" + Guid.NewGuid().ToString("N"));
        ConnectionString = SqlitePersistence.Prepare(Directory);
    }

    public string Directory { get; }

    public string ConnectionString { get; }

    public string FilePath => Path.Combine(Directory, SqlitePersistence.DatabaseFileName);

    public SqliteConnection Open()
    {
        // Not pooled: the spec's own reads must not hold the file open after it ends.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public T Scalar<T>(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        var result = command.ExecuteScalar();
        return (T)Convert.ChangeType(result!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public int Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        using (var pooled = new SqliteConnection(ConnectionString))
            SqliteConnection.ClearPool(pooled);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A straggling handle on some platforms; the OS temp cleaner takes the rest.
        }
    }
}
