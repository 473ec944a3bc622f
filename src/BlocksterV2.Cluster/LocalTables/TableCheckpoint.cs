using System.Collections.Immutable;
using System.Text;
using BlocksterV2.Domain.Posts;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.LocalTables;

/// <summary>
/// The local tables saved to one file, so a starting node loads them and replays only the journal after
/// <see cref="TableCut.Position"/> instead of the whole history. Written to a temporary file, flushed to disk and
/// renamed over the old one: a crash leaves the previous checkpoint intact. A file that does not read back whole
/// is ignored (the node replays the whole journal and says so).
/// </summary>
public static class TableCheckpoint
{
    public const string FileName = "local-tables.checkpoint";
    private const string Magic = "BUXTBL";
    private const int FormatVersion = 1;
    private const string Trailer = "END";

    public static void Write(string path, TableCut cut)
    {
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        using (var writer = new BinaryWriter(file, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(cut.Position);
            writer.Write(cut.Users.Count);
            foreach (var row in cut.Users)
                WriteUser(writer, row.ToRecord());
            writer.Write(cut.Posts.Count);
            foreach (var row in cut.Posts)
                WritePost(writer, row);
            writer.Write(Trailer);
            writer.Flush();
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <returns>The saved cut, or null with <paramref name="problem"/> saying why there is none to use.</returns>
    public static TableCut? TryRead(string path, out string? problem)
    {
        if (!File.Exists(path))
        {
            problem = "no checkpoint yet";
            return null;
        }
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var reader = new BinaryReader(file, Encoding.UTF8);
            if (reader.ReadString() != Magic || reader.ReadInt32() is var version && version != FormatVersion)
            {
                problem = "not a checkpoint of this version";
                return null;
            }
            var position = reader.ReadInt64();
            var users = new UserRow[reader.ReadInt32()];
            for (var i = 0; i < users.Length; i++)
            {
                var record = ReadUser(reader);
                users[i] = UserRow.From(record, record.UserId);
            }
            var posts = new PostRow[reader.ReadInt32()];
            for (var i = 0; i < posts.Length; i++)
                posts[i] = ReadPost(reader);
            if (reader.ReadString() != Trailer)
            {
                problem = "the file is cut short";
                return null;
            }
            problem = null;
            return new TableCut(position, users, posts);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or ArgumentException)
        {
            problem = $"unreadable: {e.Message}";
            return null;
        }
    }

    private static void WriteUser(BinaryWriter writer, UserBuxPoints user)
    {
        writer.Write(user.UserId);
        writer.Write(user.UserSmartWallet);
        writer.Write(user.BuxBalance);
        WriteExtras(writer, user.ExtraField1, user.ExtraField2, user.ExtraField3, user.ExtraField4);
        writer.Write(user.CreatedAt.Ticks);
        writer.Write(user.UpdatedAt.Ticks);
        writer.Write(user.Version);
    }

    private static UserBuxPoints ReadUser(BinaryReader reader) =>
        new(reader.ReadString(), reader.ReadString(), reader.ReadInt64(),
            ReadOptional(reader), ReadOptional(reader), ReadOptional(reader), ReadOptional(reader),
            ReadTime(reader), ReadTime(reader), reader.ReadInt64());

    private static void WritePost(BinaryWriter writer, PostRow row)
    {
        var post = row.Record;
        writer.Write(post.PostId);
        writer.Write(post.Reward);
        writer.Write(post.ReadTime);
        writer.Write(post.BuxBalance);
        writer.Write(post.BuxDeposited);
        WriteExtras(writer, post.ExtraField1, post.ExtraField2, post.ExtraField3, post.ExtraField4);
        writer.Write(post.CreatedAt.Ticks);
        writer.Write(post.UpdatedAt.Ticks);
        writer.Write(post.Version);
        writer.Write(row.Pending.Count);
        foreach (var pending in row.Pending.Values)
        {
            writer.Write(pending.UserId);
            writer.Write(pending.Amount);
            writer.Write(pending.SecondsRead);
            WriteOptional(writer, pending.IdempotencyKey);
        }
    }

    private static PostRow ReadPost(BinaryReader reader)
    {
        var post = new PostBuxPoints(reader.ReadString(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(),
            ReadOptional(reader), ReadOptional(reader), ReadOptional(reader), ReadOptional(reader),
            ReadTime(reader), ReadTime(reader), reader.ReadInt64());
        var pending = ImmutableDictionary.CreateBuilder<string, PendingReward>();
        for (var count = reader.ReadInt32(); count > 0; count--)
        {
            var reward = new PendingReward(reader.ReadString(), reader.ReadInt64(), reader.ReadInt64(), ReadOptional(reader));
            pending[reward.UserId] = reward;
        }
        return new PostRow(post, pending.ToImmutable());
    }

    private static void WriteExtras(BinaryWriter writer, string? extra1, string? extra2, string? extra3, string? extra4)
    {
        WriteOptional(writer, extra1);
        WriteOptional(writer, extra2);
        WriteOptional(writer, extra3);
        WriteOptional(writer, extra4);
    }

    private static void WriteOptional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
            writer.Write(value);
    }

    private static string? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    private static DateTime ReadTime(BinaryReader reader) => new(reader.ReadInt64(), DateTimeKind.Utc);
}
