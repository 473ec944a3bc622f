using BlocksterV2.Cluster.Persistence;

namespace BlocksterV2.Cluster.Replication;

/// <summary>
/// Which other members this copy ran with while it was caught up, and which of them it saw leave (the
/// <c>replication_members</c> table). A member it saw leave has an older copy; one it did not may hold writes this copy
/// lacks, so a node that restarts and finds no caught-up copy waits for those (as Mnesia waits for the nodes that did not
/// go down before it).
/// </summary>
public sealed class MemberRecords(string connectionString)
{
    /// <summary>Members this copy last saw holding a copy, and not leave.</summary>
    public IReadOnlyList<string> Present(string self)
    {
        using var connection = SqlitePragmas.Open(connectionString);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT address FROM replication_members WHERE present = 1 AND address <> $self ORDER BY address";
        command.Parameters.AddWithValue("$self", self);
        using var rows = command.ExecuteReader();
        var present = new List<string>();
        while (rows.Read())
            present.Add(rows.GetString(0));
        return present;
    }

    public void Record(string address, bool present)
    {
        using var connection = SqlitePragmas.Open(connectionString);
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO replication_members (address, present, since) VALUES ($address, $present, $now) " +
                              "ON CONFLICT (address) DO UPDATE SET present = excluded.present, since = excluded.since WHERE present <> excluded.present";
        command.Parameters.AddWithValue("$address", address);
        command.Parameters.AddWithValue("$present", present ? 1 : 0);
        command.Parameters.AddWithValue("$now", DateTime.UtcNow.Ticks);
        command.ExecuteNonQuery();
    }
}
