using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Domain;

namespace BlocksterV2.Cluster.Leaderboard;

/// <summary>
/// One user's place on the leaderboard, as the ORSet holds it. <see cref="Version"/> is the user record's version:
/// of two entries for the same user, the higher version is the user's current balance.
/// </summary>
public sealed record LeaderboardEntry(string UserId, long Balance, DateTime UpdatedAt, long Version) : IBuxMessage
{
    public static LeaderboardEntry Of(UserRow row) => new(row.Key, row.Balance, new DateTime(row.UpdatedTicks, DateTimeKind.Utc), row.Version);
}
