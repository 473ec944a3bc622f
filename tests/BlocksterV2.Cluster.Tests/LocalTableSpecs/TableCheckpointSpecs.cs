using System.Collections.Immutable;
using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Domain.Posts;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.Tests.LocalTableSpecs;

/// <summary>
/// The checkpoint file gives back every row exactly (extra fields, wallets, rewards in flight), and a file that is
/// not whole is refused with a reason instead of loading wrong rows: the node then replays the whole journal.
/// </summary>
public sealed class TableCheckpointSpecs : IDisposable
{
    private static readonly DateTime Created = new(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);
    private readonly string _directory = Directory.CreateTempSubdirectory("bux-checkpoint-spec-").FullName;

    private string PathOf(string name) => Path.Combine(_directory, name);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static TableCut SampleCut()
    {
        var users = new[]
        {
            new UserBuxPoints("alice", "0x52908400098527886E0F7030069857D2E4169EE7", 1234, "one", null, "", "four ✓", Created, Created.AddTicks(7), 5),
            new UserBuxPoints("bob:with:colons", "", 0, null, null, null, null, Created, Created, 1),
            new UserBuxPoints("max", "0xabcdefabcdefabcdefabcdefabcdefabcdefabcd", long.MaxValue, null, "x", null, null, Created, Created.AddDays(1), 9),
        }.Select(r => UserRow.From(r, r.UserId)).ToList();
        var pending = ImmutableDictionary<string, PendingReward>.Empty
            .Add("alice", new PendingReward("alice", 10, 45, "read-1"))
            .Add("bob:with:colons", new PendingReward("bob:with:colons", 10, 30, null));
        var posts = new List<PostRow>
        {
            new(new PostBuxPoints("story", 10, 30, 80, 100, "e1", null, null, "e4", Created, Created.AddSeconds(3), 4), pending),
            new(new PostBuxPoints("empty", 0, 0, 0, 0, null, null, null, null, Created, Created, 1), ImmutableDictionary<string, PendingReward>.Empty),
        };
        return new TableCut(4711, users, posts, ConflictsReflected: 17);
    }

    private static void AssertSameCut(TableCut expected, TableCut actual)
    {
        Assert.Equal(expected.Position, actual.Position);
        Assert.Equal(expected.ConflictsReflected, actual.ConflictsReflected);
        Assert.Equal(expected.Users.Select(u => u.ToRecord()), actual.Users.Select(u => u.ToRecord()));
        Assert.Equal(expected.Users.Select(u => (u.Key, u.Balance, u.UpdatedTicks, u.Version)), actual.Users.Select(u => (u.Key, u.Balance, u.UpdatedTicks, u.Version)));
        Assert.Equal(expected.Posts.Select(p => p.Record), actual.Posts.Select(p => p.Record));
        Assert.Equal(
            expected.Posts.Select(p => p.Pending.OrderBy(e => e.Key, StringComparer.Ordinal).ToList()),
            actual.Posts.Select(p => p.Pending.OrderBy(e => e.Key, StringComparer.Ordinal).ToList()));
        Assert.All(actual.Users, u => Assert.Equal(DateTimeKind.Utc, u.ToRecord().UpdatedAt.Kind));
    }

    [Fact]
    public void A_written_checkpoint_reads_back_every_field_of_every_row()
    {
        var cut = SampleCut();
        TableCheckpoint.Write(PathOf("c"), cut);

        var read = TableCheckpoint.TryRead(PathOf("c"), out var problem);

        Assert.Null(problem);
        Assert.NotNull(read);
        AssertSameCut(cut, read);
        Assert.False(File.Exists(PathOf("c") + ".tmp"), "the temporary file is renamed over the checkpoint");
    }

    [Fact]
    public void An_empty_cut_round_trips()
    {
        TableCheckpoint.Write(PathOf("c"), new TableCut(0, [], []));
        var read = TableCheckpoint.TryRead(PathOf("c"), out var problem);
        Assert.Null(problem);
        Assert.Equal((0L, 0, 0), (read!.Position, read.Users.Count, read.Posts.Count));
    }

    [Fact]
    public void A_second_checkpoint_replaces_the_first()
    {
        TableCheckpoint.Write(PathOf("c"), SampleCut());
        var later = new TableCut(9000, SampleCut().Users.Take(1).ToList(), []);
        TableCheckpoint.Write(PathOf("c"), later);

        AssertSameCut(later, TableCheckpoint.TryRead(PathOf("c"), out _)!);
    }

    [Fact]
    public void No_file_is_no_checkpoint_with_a_reason()
    {
        Assert.Null(TableCheckpoint.TryRead(PathOf("missing"), out var problem));
        Assert.False(string.IsNullOrWhiteSpace(problem));
    }

    [Fact]
    public void A_file_cut_short_at_any_length_is_refused_with_a_reason()
    {
        TableCheckpoint.Write(PathOf("c"), SampleCut());
        var whole = File.ReadAllBytes(PathOf("c"));

        // every proper prefix: a crash mid-copy or a full disk can leave any of them
        for (var length = 0; length < whole.Length; length++)
        {
            File.WriteAllBytes(PathOf("cut"), whole[..length]);
            var read = TableCheckpoint.TryRead(PathOf("cut"), out var problem);
            Assert.True(read is null, $"a file cut to {length} of {whole.Length} bytes was loaded");
            Assert.False(string.IsNullOrWhiteSpace(problem), $"no reason for a file cut to {length} bytes");
        }
    }

    [Fact]
    public void A_file_with_any_one_byte_damaged_is_refused_instead_of_loading_wrong_rows()
    {
        TableCheckpoint.Write(PathOf("c"), SampleCut());
        var whole = File.ReadAllBytes(PathOf("c"));

        // A flipped byte inside a balance still parses: only a checksum tells it from the real value.
        for (var i = 0; i < whole.Length; i++)
        {
            var damaged = (byte[])whole.Clone();
            damaged[i] ^= 0x5A;
            File.WriteAllBytes(PathOf("damaged"), damaged);
            var read = TableCheckpoint.TryRead(PathOf("damaged"), out var problem);
            Assert.True(read is null, $"a file with byte {i} of {whole.Length} damaged was loaded");
            Assert.False(string.IsNullOrWhiteSpace(problem));
        }
    }

    [Fact]
    public void Garbage_and_trailing_bytes_are_refused()
    {
        File.WriteAllBytes(PathOf("garbage"), Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray());
        Assert.Null(TableCheckpoint.TryRead(PathOf("garbage"), out var garbageProblem));
        Assert.NotNull(garbageProblem);

        TableCheckpoint.Write(PathOf("c"), SampleCut());
        File.AppendAllText(PathOf("c"), "junk");
        Assert.Null(TableCheckpoint.TryRead(PathOf("c"), out var trailingProblem));
        Assert.NotNull(trailingProblem);
    }
}
