using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using BlocksterV2.Cluster.Leaderboard;

namespace BlocksterV2.Cluster.Tests.Leaderboard;

/// <summary>
/// The whole ORSet travels in one remoting frame (gossip, full-state writes), so at K=1000 it must stay well
/// under the 128 KB frame: asserted at half of it, with entries written by three nodes (a dot per entry).
/// </summary>
public sealed class LeaderboardFrameSpecs() : BuxNodeKit(LocalOptions(), connectionString: null)
{
    private const int RemotingFrameBytes = 128_000;

    [Fact]
    public void The_top_1000_set_written_by_three_nodes_serializes_to_less_than_half_a_remoting_frame()
    {
        Assert.Equal(1000, new LeaderboardOptions().Size);
        var nodes = Enumerable.Range(2, 3)
            .Select(i => new UniqueAddress(new Address("akka.tcp", "blockster", $"127.0.0.{i}", 4053), 1_000_000_000 + i))
            .ToArray();
        var updated = new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc);
        var set = ORSet<LeaderboardEntry>.Empty;
        for (var i = 0; i < 1000; i++)
            set = set.Add(nodes[i % 3], new LeaderboardEntry($"user-{i:D7}", 1_000_000_000 - i * 997L, updated.AddTicks(i * 12_345_678L), 10_000 + i));

        var serializer = Sys.Serialization.FindSerializerFor(set);
        var bytes = serializer.ToBinary(set);

        Assert.True(bytes.Length < RemotingFrameBytes / 2, $"the set at K=1000 serializes to {bytes.Length} bytes");
        var back = (ORSet<LeaderboardEntry>)Sys.Serialization.Deserialize(bytes, serializer.Identifier, Akka.Serialization.Serialization.ManifestFor(serializer, set));
        Assert.Equal(set.Elements.ToHashSet(), back.Elements.ToHashSet());
    }
}
