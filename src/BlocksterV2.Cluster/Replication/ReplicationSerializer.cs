using System.Collections.Frozen;
using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;
using BlocksterV2.Cluster.Persistence;

namespace BlocksterV2.Cluster.Replication;

/// <summary>
/// Replication messages in a compact binary form under stable manifests: events travel as the bytes their journal
/// row holds (JSON would base64 every payload). Manifests are part of the wire protocol between node versions: never
/// rename one; add ".v2" when a shape changes.
/// </summary>
public sealed class ReplicationSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 4243;

    private static readonly FrozenDictionary<Type, string> ManifestsByType = new Dictionary<Type, string>
    {
        [typeof(ReplicaBatch)] = "replica-batch.v1",
        [typeof(ReplicaAck)] = "replica-ack.v1",
        [typeof(ReplicaRetract)] = "replica-retract.v1",
        [typeof(PullRequest)] = "replica-pull.v1",
        [typeof(PullPage)] = "replica-pull-page.v1",
        [typeof(ReplicaStatusRequest)] = "replica-status-request.v1",
        [typeof(ReplicaStatus)] = "replica-status.v1",
        [typeof(RepairRequest)] = "replica-repair.v1",
        [typeof(RepairReply)] = "replica-repair-reply.v1",
        [typeof(HoldsRequest)] = "replica-holds.v1",
        [typeof(HoldsReply)] = "replica-holds-reply.v1",
    }.ToFrozenDictionary();

    public override int Identifier => Id;

    public static IReadOnlyCollection<Type> KnownTypes => ManifestsByType.Keys;

    public override string Manifest(object o) =>
        ManifestsByType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new SerializationException($"ReplicationSerializer has no manifest for {o.GetType().FullName}");

    public override byte[] ToBinary(object obj)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            Write(w, obj);
        return stream.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        using var r = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        return manifest switch
        {
            "replica-batch.v1" => new ReplicaBatch(r.ReadString(), r.ReadString(), r.ReadInt64(), r.ReadInt64(), Events(r)),
            "replica-ack.v1" => new ReplicaAck(r.ReadString(), r.ReadInt64()),
            "replica-retract.v1" => new ReplicaRetract(r.ReadString(), r.ReadString(), r.ReadInt64(), r.ReadInt64(), r.ReadString()),
            "replica-pull.v1" => new PullRequest(Marks(r), r.ReadInt64(), r.ReadInt32()),
            "replica-pull-page.v1" => new PullPage(Events(r), r.ReadInt64(), r.ReadBoolean(), r.ReadInt64(), Marks(r)),
            "replica-status-request.v1" => new ReplicaStatusRequest(r.ReadBoolean()),
            "replica-status.v1" => new ReplicaStatus(r.ReadString(), r.ReadString(), Marks(r), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(),
                r.ReadString(), r.ReadString(), r.ReadInt64()),
            "replica-repair.v1" => new RepairRequest(Items(r)),
            "replica-repair-reply.v1" => new RepairReply(Items(r), Events(r)),
            "replica-holds.v1" => new HoldsRequest(Items(r)),
            "replica-holds-reply.v1" => new HoldsReply(Items(r)),
            _ => throw new SerializationException($"unknown replication manifest '{manifest}': was this sent by a newer node version?"),
        };
    }

    private static void Write(BinaryWriter w, object message)
    {
        switch (message)
        {
            case ReplicaBatch b:
                w.Write(b.OriginUuid);
                w.Write(b.OriginNode);
                w.Write(b.FromSeq);
                w.Write(b.ToSeq);
                Write(w, b.Events);
                break;
            case ReplicaAck a:
                w.Write(a.OriginUuid);
                w.Write(a.Contiguous);
                break;
            case ReplicaRetract t:
                w.Write(t.OriginUuid);
                w.Write(t.OriginNode);
                w.Write(t.FromSeq);
                w.Write(t.ToSeq);
                w.Write(t.Reason);
                break;
            case PullRequest p:
                Write(w, p.Watermarks);
                w.Write(p.Cursor);
                w.Write(p.MaxEvents);
                break;
            case PullPage p:
                Write(w, p.Events);
                w.Write(p.Cursor);
                w.Write(p.Done);
                w.Write(p.Remaining);
                Write(w, p.Holds);
                break;
            case ReplicaStatusRequest q:
                w.Write(q.Digests);
                break;
            case ReplicaStatus s:
                w.Write(s.Node);
                w.Write(s.State);
                Write(w, s.Origins);
                w.Write(s.JournalPosition);
                w.Write(s.Users);
                w.Write(s.Posts);
                w.Write(s.UsersDigest);
                w.Write(s.PostsDigest);
                w.Write(s.Conflicts);
                break;
            case RepairRequest q:
                Write(w, q.Items);
                break;
            case RepairReply q:
                Write(w, q.Heads);
                Write(w, q.Events);
                break;
            case HoldsRequest q:
                Write(w, q.Positions);
                break;
            case HoldsReply q:
                Write(w, q.Held);
                break;
            default:
                throw new SerializationException($"ReplicationSerializer cannot write {message.GetType().FullName}");
        }
    }

    /// <summary>Events share their origins' names: a table of origins first, then each event with its origin's index.</summary>
    private static void Write(BinaryWriter w, IReadOnlyList<ReplicaEvent> events)
    {
        var origins = new Dictionary<string, int>(StringComparer.Ordinal);
        var table = new List<ReplicaEvent>();
        foreach (var e in events)
        {
            if (origins.TryAdd(e.OriginUuid, origins.Count))
                table.Add(e);
        }
        w.Write(table.Count);
        foreach (var e in table)
        {
            w.Write(e.OriginUuid);
            w.Write(e.OriginNode);
        }
        w.Write(events.Count);
        foreach (var e in events)
        {
            w.Write(origins[e.OriginUuid]);
            w.Write(e.OriginSeq);
            w.Write(e.PersistenceId);
            w.Write(e.SequenceNr);
            w.Write(e.CreatedTicks);
            w.Write(e.Manifest);
            w.Write(e.SerializerId);
            w.Write(e.Message.Length);
            w.Write(e.Message);
            w.Write(e.Tags.Count);
            foreach (var tag in e.Tags)
                w.Write(tag);
        }
    }

    private static IReadOnlyList<ReplicaEvent> Events(BinaryReader r)
    {
        var origins = new (string Uuid, string Node)[r.ReadInt32()];
        for (var i = 0; i < origins.Length; i++)
            origins[i] = (r.ReadString(), r.ReadString());
        var events = new ReplicaEvent[r.ReadInt32()];
        for (var i = 0; i < events.Length; i++)
        {
            var (uuid, node) = origins[r.ReadInt32()];
            var originSeq = r.ReadInt64();
            var persistenceId = r.ReadString();
            var sequenceNr = r.ReadInt64();
            var created = r.ReadInt64();
            var manifest = r.ReadString();
            var serializerId = r.ReadInt32();
            var message = r.ReadBytes(r.ReadInt32());
            var tags = new string[r.ReadInt32()];
            for (var t = 0; t < tags.Length; t++)
                tags[t] = r.ReadString();
            events[i] = new ReplicaEvent(uuid, node, originSeq, persistenceId, sequenceNr, created, manifest, serializerId, message, tags);
        }
        return events;
    }

    private static void Write(BinaryWriter w, IReadOnlyList<OriginMark> marks)
    {
        w.Write(marks.Count);
        foreach (var m in marks)
        {
            w.Write(m.OriginUuid);
            w.Write(m.Node);
            w.Write(m.Contiguous);
        }
    }

    private static IReadOnlyList<OriginMark> Marks(BinaryReader r)
    {
        var marks = new OriginMark[r.ReadInt32()];
        for (var i = 0; i < marks.Length; i++)
            marks[i] = new OriginMark(r.ReadString(), r.ReadString(), r.ReadInt64());
        return marks;
    }

    private static void Write(BinaryWriter w, IReadOnlyList<RepairItem> items)
    {
        w.Write(items.Count);
        foreach (var item in items)
        {
            w.Write(item.PersistenceId);
            w.Write(item.HeadSeq);
            w.Write(item.HeadWriter ?? "");
            w.Write(item.HeadCreated);
        }
    }

    private static IReadOnlyList<RepairItem> Items(BinaryReader r)
    {
        var items = new RepairItem[r.ReadInt32()];
        for (var i = 0; i < items.Length; i++)
        {
            var persistenceId = r.ReadString();
            var head = r.ReadInt64();
            var writer = r.ReadString();
            items[i] = new RepairItem(persistenceId, head, writer.Length == 0 ? null : writer, r.ReadInt64());
        }
        return items;
    }
}
