namespace BlocksterV2.Cluster.Entities;

/// <summary>Tuning shared by the BUX entities.</summary>
/// <param name="SnapshotEvery">Save a snapshot after this many events, so recovery replays at most that many.</param>
/// <param name="RewardRetryInterval">How often a post re-sends a reward the user entity has not confirmed.</param>
/// <param name="Resident">The node's bound on resident entities; null: entities are not counted (specs that start one alone).</param>
public sealed record EntitySettings(int SnapshotEvery, TimeSpan RewardRetryInterval, ResidentEntities? Resident = null);
