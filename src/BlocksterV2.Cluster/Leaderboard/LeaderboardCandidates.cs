using BlocksterV2.Domain;

namespace BlocksterV2.Cluster.Leaderboard;

/// <summary>The reconciler asks every member for the top <see cref="Size"/> users of its local table.</summary>
public sealed record LeaderboardCandidatesRequest(int Size) : IBuxMessage;

/// <summary>A member's answer: its local table's top users, in leaderboard order.</summary>
public sealed record LeaderboardCandidates(IReadOnlyList<LeaderboardEntry> Entries) : IBuxMessage;
