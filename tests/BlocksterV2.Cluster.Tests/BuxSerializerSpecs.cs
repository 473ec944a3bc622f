using System.Runtime.Serialization;
using Akka.Actor;
using BlocksterV2.Cluster.Formation;
using BlocksterV2.Cluster.Leaderboard;
using BlocksterV2.Cluster.Serialization;
using BlocksterV2.Domain;
using BlocksterV2.Domain.Posts;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.Tests;

public sealed class BuxSerializerSpecs : IDisposable
{
    /// <summary>
    /// The manifests are part of the stored data: changing one orphans every event already written under it.
    /// This table pins them; a new type adds a row, a changed shape adds a new ".v2" manifest.
    /// </summary>
    private static readonly IReadOnlyDictionary<Type, string> PinnedManifests = new Dictionary<Type, string>
    {
        [typeof(Rejection)] = "rejection.v1",
        [typeof(UserBuxPoints)] = "user.v1",
        [typeof(UserBuxSnapshot)] = "user-snapshot.v1",
        [typeof(GetUser)] = "user-get.v1",
        [typeof(SetUserWallet)] = "user-set-wallet.v1",
        [typeof(CreditUser)] = "user-credit.v1",
        [typeof(DebitUser)] = "user-debit.v1",
        [typeof(WriteUser)] = "user-write.v1",
        [typeof(CreditReadReward)] = "user-credit-read-reward.v1",
        [typeof(CheckReadReward)] = "user-check-read-reward.v1",
        [typeof(UserWalletSet)] = "user-wallet-set.v1",
        [typeof(UserCredited)] = "user-credited.v1",
        [typeof(UserDebited)] = "user-debited.v1",
        [typeof(UserRecordWritten)] = "user-record-written.v1",
        [typeof(UserReadRewarded)] = "user-read-rewarded.v1",
        [typeof(PostBuxPoints)] = "post.v1",
        [typeof(PostBuxSnapshot)] = "post-snapshot.v1",
        [typeof(GetPost)] = "post-get.v1",
        [typeof(ConfigurePost)] = "post-configure.v1",
        [typeof(DepositToPost)] = "post-deposit.v1",
        [typeof(RewardRead)] = "post-reward-read.v1",
        [typeof(ReadRewarded)] = "post-read-rewarded.v1",
        [typeof(ReadRewardCredited)] = "post-read-reward-credited.v1",
        [typeof(ReadRewardRefused)] = "post-read-reward-refused.v1",
        [typeof(ReadRewardChecked)] = "post-read-reward-checked.v1",
        [typeof(ResumePendingRewards)] = "post-resume-pending-rewards.v1",
        [typeof(PostConfigured)] = "post-configured.v1",
        [typeof(PostDeposited)] = "post-deposited.v1",
        [typeof(ReadRewardReserved)] = "post-read-reward-reserved.v1",
        [typeof(ReadRewardSettled)] = "post-read-reward-settled.v1",
        [typeof(ReadRewardCancelled)] = "post-read-reward-cancelled.v1",
        [typeof(ContactPointProbe)] = "contact-point-probe.v1",
        [typeof(ContactPointAnswer)] = "contact-point-answer.v1",
        [typeof(LeaderboardEntry)] = "leaderboard-entry.v1",
        [typeof(LeaderboardCandidatesRequest)] = "leaderboard-candidates-request.v1",
        [typeof(LeaderboardCandidates)] = "leaderboard-candidates.v1",
    };

    private readonly ActorSystem _system = ActorSystem.Create("serializer-spec");
    private readonly BuxSerializer _serializer;

    public BuxSerializerSpecs() => _serializer = new BuxSerializer((ExtendedActorSystem)_system);

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    public static TheoryData<string> KnownTypeNames() => [.. BuxSerializer.KnownTypes.Select(t => t.FullName!)];

    private static Type TypeNamed(string fullName) => BuxSerializer.KnownTypes.Single(t => t.FullName == fullName);

    [Fact]
    public void Every_known_type_has_a_pinned_manifest_and_a_sample()
    {
        Assert.Equal(PinnedManifests.Keys.OrderBy(t => t.FullName), BuxSerializer.KnownTypes.OrderBy(t => t.FullName));
        Assert.Equal(PinnedManifests.Keys.OrderBy(t => t.FullName), SerializerSamples.ByType.Keys.OrderBy(t => t.FullName));
    }

    [Fact]
    public void Every_persisted_or_remote_domain_type_is_known()
    {
        var domainMessages = typeof(IBuxMessage).Assembly.GetTypes()
            .Where(t => typeof(IBuxMessage).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false });
        Assert.All(domainMessages, t => Assert.Contains(t, BuxSerializer.KnownTypes));
    }

    [Theory]
    [MemberData(nameof(KnownTypeNames))]
    public void The_manifest_is_stable_and_not_a_clr_name(string typeName)
    {
        var type = TypeNamed(typeName);
        var manifest = _serializer.Manifest(SerializerSamples.ByType[type]);
        Assert.Equal(PinnedManifests[type], manifest);
        Assert.DoesNotContain(type.Name, manifest);
        Assert.DoesNotContain("BlocksterV2", manifest);
    }

    [Fact]
    public void Manifests_are_unique()
    {
        var manifests = SerializerSamples.ByType.Values.Select(_serializer.Manifest).ToList();
        Assert.Equal(manifests.Count, manifests.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(KnownTypeNames))]
    public void Every_known_type_survives_to_binary_and_back(string typeName)
    {
        var sample = SerializerSamples.ByType[TypeNamed(typeName)];
        var bytes = _serializer.ToBinary(sample);
        var back = _serializer.FromBinary(bytes, _serializer.Manifest(sample));

        Assert.IsType(sample.GetType(), back);
        Assert.Equal(bytes, _serializer.ToBinary(back));
        switch (sample)
        {
            case UserBuxSnapshot snapshot:
                var userBack = (UserBuxSnapshot)back;
                Assert.Equal(snapshot.Record, userBack.Record);
                Assert.Equal(snapshot.Keys, userBack.Keys);
                break;
            case PostBuxSnapshot snapshot:
                var postBack = (PostBuxSnapshot)back;
                Assert.Equal(snapshot.Record, postBack.Record);
                Assert.Equal(snapshot.RewardedUsers, postBack.RewardedUsers);
                Assert.Equal(snapshot.Pending, postBack.Pending);
                Assert.Equal(snapshot.Keys, postBack.Keys);
                break;
            case ContactPointAnswer answer:
                var answerBack = (ContactPointAnswer)back;
                Assert.Equal(answer.Node, answerBack.Node);
                Assert.Equal(answer.ClusterMembers, answerBack.ClusterMembers);
                break;
            case LeaderboardCandidates candidates:
                Assert.Equal(candidates.Entries, ((LeaderboardCandidates)back).Entries);
                break;
            default:
                Assert.Equal(sample, back); // records: every property compared
                break;
        }
    }

    [Fact]
    public void Timestamps_keep_their_full_precision_and_utc_kind()
    {
        var back = (UserBuxPoints)_serializer.FromBinary(_serializer.ToBinary(SerializerSamples.User), "user.v1");
        Assert.Equal(SerializerSamples.User.CreatedAt.Ticks, back.CreatedAt.Ticks);
        Assert.Equal(DateTimeKind.Utc, back.CreatedAt.Kind);
    }

    [Fact]
    public void Data_written_under_a_manifest_is_read_by_that_manifest_alone()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes("""{"amount":5,"reason":"bonus","at":"2024-03-01T12:00:00Z","idempotencyKey":"c-1"}""");
        var credited = Assert.IsType<UserCredited>(_serializer.FromBinary(bytes, "user-credited.v1"));
        Assert.Equal(new UserCredited(5, "bonus", new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc), "c-1"), credited);
    }

    [Theory]
    [InlineData("user-credited.v2")]
    [InlineData("BlocksterV2.Domain.Users.UserCredited, BlocksterV2.Domain")]
    [InlineData("")]
    public void An_unknown_manifest_throws(string manifest)
    {
        var bytes = _serializer.ToBinary(new UserCredited(5, null, DateTime.UtcNow, null));
        var error = Assert.Throws<SerializationException>(() => _serializer.FromBinary(bytes, manifest));
        Assert.Contains("manifest", error.Message);
    }

    [Fact]
    public void A_type_outside_the_list_has_no_manifest()
    {
        Assert.Throws<SerializationException>(() => _serializer.Manifest("just a string"));
    }

    [Fact]
    public void The_serializer_has_its_fixed_identifier()
    {
        Assert.Equal(BuxSerializer.Id, _serializer.Identifier);
        Assert.True(_serializer.Identifier > 100, "ids up to 100 are reserved by Akka.NET");
    }
}
