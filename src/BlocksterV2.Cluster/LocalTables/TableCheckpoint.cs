using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using BlocksterV2.Domain.Posts;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.LocalTables;

/// <summary>
/// The local tables saved to one file, so a starting node loads them and replays only the journal after
/// <see cref="TableCut.Position"/> instead of the whole history. Written to a temporary file, flushed to disk and
/// renamed over the old one: a crash leaves the previous checkpoint intact. The file ends with a SHA-256 of
/// everything before it: a file that is cut short or damaged anywhere (a flipped bit in a balance still parses) is
/// ignored, and the node replays the whole journal and says so.
/// </summary>
public static class TableCheckpoint
{
    public const string FileName = "local-tables.checkpoint";
    private const string Magic = "BUXTBL";
    /// <summary>3: the conflicts watermark after the position (a version 2 file is not used: the node replays the journal).</summary>
    private const int FormatVersion = 3;
    private const string Trailer = "END";
    private const int ChecksumBytes = 32;

    public static void Write(string path, TableCut cut)
    {
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        using (var hashing = new HashingWriteStream(file))
        using (var writer = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(cut.Position);
            writer.Write(cut.ConflictsReflected);
            writer.Write(cut.Users.Count);
            foreach (var row in cut.Users)
                WriteUser(writer, row.ToRecord());
            writer.Write(cut.Posts.Count);
            foreach (var row in cut.Posts)
                WritePost(writer, row);
            writer.Write(Trailer);
            writer.Flush();
            file.Write(hashing.Checksum());
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
            if (!ChecksumMatches(file, out problem))
                return null;
            file.Position = 0;
            using var reader = new BinaryReader(file, Encoding.UTF8);
            if (reader.ReadString() != Magic || reader.ReadInt32() is var version && version != FormatVersion)
            {
                problem = "not a checkpoint of this version";
                return null;
            }
            var position = reader.ReadInt64();
            var conflictsReflected = reader.ReadInt64();
            var users = new UserRow[reader.ReadInt32()];
            for (var i = 0; i < users.Length; i++)
            {
                var record = ReadUser(reader);
                users[i] = UserRow.From(record, record.UserId);
            }
            var posts = new PostRow[reader.ReadInt32()];
            for (var i = 0; i < posts.Length; i++)
                posts[i] = ReadPost(reader);
            if (reader.ReadString() != Trailer || file.Position != file.Length - ChecksumBytes)
            {
                problem = "the file is cut short";
                return null;
            }
            problem = null;
            return new TableCut(position, users, posts, conflictsReflected);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or ArgumentException or OverflowException)
        {
            problem = $"unreadable: {e.Message}";
            return null;
        }
    }

    /// <summary>Checks the trailing SHA-256 before anything is parsed, so a damaged count or length is never trusted.</summary>
    private static bool ChecksumMatches(FileStream file, out string? problem)
    {
        var contentLength = file.Length - ChecksumBytes;
        if (contentLength <= 0)
        {
            problem = "the file is cut short";
            return false;
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        for (var left = contentLength; left > 0;)
        {
            var read = file.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0)
                throw new EndOfStreamException();
            hash.AppendData(buffer, 0, read);
            left -= read;
        }
        var stored = new byte[ChecksumBytes];
        file.ReadExactly(stored);
        if (!CryptographicOperations.FixedTimeEquals(stored, hash.GetHashAndReset()))
        {
            problem = "the file is damaged or cut short: its checksum does not match its contents";
            return false;
        }
        problem = null;
        return true;
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

/// <summary>Passes writes through to <paramref name="inner"/> and hashes them, for the checkpoint's trailing checksum.</summary>
internal sealed class HashingWriteStream(Stream inner) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public byte[] Checksum() => _hash.GetHashAndReset();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.AppendData(buffer);
        inner.Write(buffer);
    }

    public override void Flush() => inner.Flush();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _hash.Dispose();
        base.Dispose(disposing);
    }
}
