using Akka.Actor;
using BlocksterV2.Cluster.Persistence;
using BlocksterV2.Cluster.Replication;

namespace BlocksterV2.Cluster.Tests.Replication;

/// <summary>Replication messages cross the wire whole, under manifests that are part of the protocol between node versions.</summary>
public sealed class ReplicationSerializerSpecs : IDisposable
{
    private static readonly ReplicaEvent Event = new("origin-a", "akka.tcp://blockster@127.0.0.3:4053", 7, "user_bux_points|alice", 3, 638_000_000_000_000_000,
        "user-credited.v1", 4242, [1, 2, 3, 250], ["read-reward"]);

    private static readonly ReplicaEvent Other = Event with { OriginUuid = "origin-b", OriginNode = "akka.tcp://blockster@127.0.0.4:4053", Tags = [] };

    private static readonly Dictionary<string, object> Samples = new()
    {
        ["replica-batch.v1"] = new ReplicaBatch("origin-a", "akka.tcp://blockster@127.0.0.3:4053", 7, 8, [Event, Event with { OriginSeq = 8 }]),
        ["replica-ack.v1"] = new ReplicaAck("origin-a", 8),
        ["replica-retract.v1"] = new ReplicaRetract("origin-a", "akka.tcp://blockster@127.0.0.3:4053", 7, 8, "not acknowledged"),
        ["replica-pull.v1"] = new PullRequest([new OriginMark("origin-a", "n", 3)], -1, 5000),
        ["replica-pull-page.v1"] = new PullPage([Event, Other], 42, true, 0, [new OriginMark("origin-b", "m", 9)]),
        ["replica-status-request.v1"] = new ReplicaStatusRequest(true),
        ["replica-status.v1"] = new ReplicaStatus("akka.tcp://blockster@127.0.0.2:4053", ReplicaStatus.CaughtUp, [new OriginMark("o", "n", 1)], 99, 10, 2, "10:ab", "2:cd", 1),
        ["replica-repair.v1"] = new RepairRequest([new RepairItem("user_bux_points|alice", 3, "origin-a", 77), new RepairItem("p", 0, null, 0)]),
        ["replica-repair-reply.v1"] = new RepairReply([new RepairItem("user_bux_points|alice", 4, "origin-b", 78)], [Other]),
        ["replica-holds.v1"] = new HoldsRequest([new RepairItem("user_bux_points|alice", 3, null, 0)]),
        ["replica-holds-reply.v1"] = new HoldsReply([new RepairItem("user_bux_points|alice", 3, "origin-a", 77)]),
    };

    private readonly ActorSystem _system = ActorSystem.Create("replication-serializer-spec");
    private readonly ReplicationSerializer _serializer;

    public ReplicationSerializerSpecs() => _serializer = new ReplicationSerializer((ExtendedActorSystem)_system);

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    public static TheoryData<string> Manifests() => [.. Samples.Keys];

    [Fact]
    public void Every_replication_message_has_a_pinned_manifest_and_a_sample()
    {
        Assert.Equal(ReplicationSerializer.KnownTypes.OrderBy(t => t.Name), Samples.Values.Select(s => s.GetType()).OrderBy(t => t.Name));
        Assert.All(Samples, s => Assert.Equal(s.Key, _serializer.Manifest(s.Value)));
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public void A_message_reads_back_as_it_was_written(string manifest)
    {
        var sample = Samples[manifest];

        var back = _serializer.FromBinary(_serializer.ToBinary(sample), manifest);

        Assert.Equal(Describe(sample), Describe(back));
    }

    [Fact]
    public void An_unknown_manifest_is_refused_with_a_reason()
    {
        var e = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => _serializer.FromBinary([], "replica-batch.v9"));
        Assert.Contains("newer node version", e.Message);
    }

    /// <summary>Records with lists compare by reference; their JSON says whether everything, bytes included, came back.</summary>
    private static string Describe(object message) => System.Text.Json.JsonSerializer.Serialize(message, message.GetType());
}
