using System.Text.Json.Serialization;
using BlocksterV2.Cluster.Formation;
using BlocksterV2.Cluster.Leaderboard;
using BlocksterV2.Domain;
using BlocksterV2.Domain.Posts;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.Serialization;

/// <summary>Source-generated JSON contracts: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(Rejection))]
[JsonSerializable(typeof(ContactPointProbe))]
[JsonSerializable(typeof(ContactPointAnswer))]
[JsonSerializable(typeof(LeaderboardEntry))]
[JsonSerializable(typeof(LeaderboardCandidatesRequest))]
[JsonSerializable(typeof(LeaderboardCandidates))]
[JsonSerializable(typeof(UserBuxPoints))]
[JsonSerializable(typeof(UserBuxSnapshot))]
[JsonSerializable(typeof(GetUser))]
[JsonSerializable(typeof(SetUserWallet))]
[JsonSerializable(typeof(CreditUser))]
[JsonSerializable(typeof(DebitUser))]
[JsonSerializable(typeof(WriteUser))]
[JsonSerializable(typeof(CreditReadReward))]
[JsonSerializable(typeof(CheckReadReward))]
[JsonSerializable(typeof(UserWalletSet))]
[JsonSerializable(typeof(UserCredited))]
[JsonSerializable(typeof(UserDebited))]
[JsonSerializable(typeof(UserRecordWritten))]
[JsonSerializable(typeof(UserReadRewarded))]
[JsonSerializable(typeof(PostBuxPoints))]
[JsonSerializable(typeof(PostBuxSnapshot))]
[JsonSerializable(typeof(GetPost))]
[JsonSerializable(typeof(ConfigurePost))]
[JsonSerializable(typeof(DepositToPost))]
[JsonSerializable(typeof(RewardRead))]
[JsonSerializable(typeof(ReadRewarded))]
[JsonSerializable(typeof(ReadRewardCredited))]
[JsonSerializable(typeof(ReadRewardRefused))]
[JsonSerializable(typeof(ReadRewardChecked))]
[JsonSerializable(typeof(ResumePendingRewards))]
[JsonSerializable(typeof(PostConfigured))]
[JsonSerializable(typeof(PostDeposited))]
[JsonSerializable(typeof(ReadRewardReserved))]
[JsonSerializable(typeof(ReadRewardSettled))]
[JsonSerializable(typeof(ReadRewardCancelled))]
internal sealed partial class BuxJsonContext : JsonSerializerContext;
