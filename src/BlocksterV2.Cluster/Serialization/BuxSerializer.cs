using System.Collections.Frozen;
using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;
using BlocksterV2.Cluster.Formation;
using BlocksterV2.Cluster.Leaderboard;
using BlocksterV2.Domain;
using BlocksterV2.Domain.Posts;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.Serialization;

/// <summary>
/// Serializes every persisted and every remote BUX message as JSON under a stable manifest. Manifests are
/// part of the stored data: never rename one; add a new manifest (".v2") when a shape changes incompatibly.
/// </summary>
public sealed class BuxSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 4242;

    private static readonly FrozenDictionary<string, Type> TypesByManifest = new Dictionary<string, Type>
    {
        ["rejection.v1"] = typeof(Rejection),
        ["user.v1"] = typeof(UserBuxPoints),
        ["user-snapshot.v1"] = typeof(UserBuxSnapshot),
        ["user-get.v1"] = typeof(GetUser),
        ["user-set-wallet.v1"] = typeof(SetUserWallet),
        ["user-credit.v1"] = typeof(CreditUser),
        ["user-debit.v1"] = typeof(DebitUser),
        ["user-write.v1"] = typeof(WriteUser),
        ["user-credit-read-reward.v1"] = typeof(CreditReadReward),
        ["user-check-read-reward.v1"] = typeof(CheckReadReward),
        ["user-wallet-set.v1"] = typeof(UserWalletSet),
        ["user-credited.v1"] = typeof(UserCredited),
        ["user-debited.v1"] = typeof(UserDebited),
        ["user-record-written.v1"] = typeof(UserRecordWritten),
        ["user-read-rewarded.v1"] = typeof(UserReadRewarded),
        ["post.v1"] = typeof(PostBuxPoints),
        ["post-snapshot.v1"] = typeof(PostBuxSnapshot),
        ["post-get.v1"] = typeof(GetPost),
        ["post-configure.v1"] = typeof(ConfigurePost),
        ["post-deposit.v1"] = typeof(DepositToPost),
        ["post-reward-read.v1"] = typeof(RewardRead),
        ["post-read-rewarded.v1"] = typeof(ReadRewarded),
        ["post-read-reward-credited.v1"] = typeof(ReadRewardCredited),
        ["post-read-reward-refused.v1"] = typeof(ReadRewardRefused),
        ["post-read-reward-checked.v1"] = typeof(ReadRewardChecked),
        ["post-resume-pending-rewards.v1"] = typeof(ResumePendingRewards),
        ["post-configured.v1"] = typeof(PostConfigured),
        ["post-deposited.v1"] = typeof(PostDeposited),
        ["post-read-reward-reserved.v1"] = typeof(ReadRewardReserved),
        ["post-read-reward-settled.v1"] = typeof(ReadRewardSettled),
        ["post-read-reward-cancelled.v1"] = typeof(ReadRewardCancelled),
        ["contact-point-probe.v1"] = typeof(ContactPointProbe),
        ["contact-point-answer.v1"] = typeof(ContactPointAnswer),
        ["leaderboard-entry.v1"] = typeof(LeaderboardEntry),
        ["leaderboard-candidates-request.v1"] = typeof(LeaderboardCandidatesRequest),
        ["leaderboard-candidates.v1"] = typeof(LeaderboardCandidates),
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<Type, string> ManifestsByType =
        TypesByManifest.ToFrozenDictionary(kv => kv.Value, kv => kv.Key);

    public override int Identifier => Id;

    /// <summary>Every type this serializer can write; a message outside this list is a programming error.</summary>
    public static IReadOnlyCollection<Type> KnownTypes => TypesByManifest.Values;

    public override string Manifest(object o) =>
        ManifestsByType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new SerializationException($"BuxSerializer has no manifest for {o.GetType().FullName}; add one to {nameof(BuxSerializer)}");

    public override byte[] ToBinary(object obj) =>
        JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), BuxJsonContext.Default);

    public override object FromBinary(byte[] bytes, string manifest) =>
        TypesByManifest.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, BuxJsonContext.Default)
              ?? throw new SerializationException($"manifest '{manifest}' decoded to null")
            : throw new SerializationException($"unknown BUX manifest '{manifest}': was this data written by a newer version?");
}
