using Akka.Actor;
using Akka.Cluster;
using BlocksterV2.Domain.Tables;

namespace BlocksterV2.Cluster.Replication;

/// <summary>
/// One member's copy of a table, as Mnesia's <c>table_info</c> and <c>running_db_nodes</c> showed it: its state
/// (<c>caught-up</c>, <c>catching-up</c>, <c>starting</c>, or <c>no answer</c>), rows, journal position, how many events it
/// lacks compared with the member that holds the most of each origin, its conflicts, and the digest of its rows.
/// </summary>
public sealed record MemberCopy(string Node, string MemberStatus, string State, long? Rows, long? JournalPosition, long? Behind, long? Conflicts, string? Digest)
{
    /// <summary>The state of a RAM-only node's copy: it does not replicate.</summary>
    public const string RamOnly = "ram-only (not replicated)";

    public bool IsCaughtUp => State == ReplicaStatus.CaughtUp;
}

/// <summary>Asks every member how its copy stands (in parallel, each within a timeout).</summary>
public static class ClusterCopies
{
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(3);

    public static async Task<IReadOnlyList<(Member Member, ReplicaStatus? Status)>> Ask(ActorSystem system, bool digests)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var members = cluster.State.Members.Where(m => m.Status is not (MemberStatus.Down or MemberStatus.Removed)).ToList();
        var answers = members.Select(async member =>
        {
            try
            {
                return (member, await system.ActorSelection(new RootActorPath(member.Address) / "user" / ReplicaReceiver.Name)
                    .Ask<ReplicaStatus>(new ReplicaStatusRequest(digests), AskTimeout));
            }
            catch (Exception)
            {
                return (member, (ReplicaStatus?)null);
            }
        });
        return await Task.WhenAll(answers);
    }

    /// <summary>Each member's copy of <paramref name="table"/>.</summary>
    public static IReadOnlyList<MemberCopy> Of(IReadOnlyList<(Member Member, ReplicaStatus? Status)> answers, string table)
    {
        var most = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var mark in answers.Where(a => a.Status is not null).SelectMany(a => a.Status!.Origins))
            most[mark.OriginUuid] = Math.Max(most.GetValueOrDefault(mark.OriginUuid), mark.Contiguous);
        return answers.Select(a =>
        {
            if (a.Status is not { } s)
                return new MemberCopy(a.Member.Address.ToString(), a.Member.Status.ToString(), "no answer", null, null, null, null, null);
            var held = s.Origins.ToDictionary(m => m.OriginUuid, m => m.Contiguous, StringComparer.Ordinal);
            var behind = most.Sum(kv => Math.Max(0, kv.Value - held.GetValueOrDefault(kv.Key)));
            var users = table == BuxTables.UserBuxPoints;
            return new MemberCopy(s.Node, a.Member.Status.ToString(), s.State, users ? s.Users : s.Posts, s.JournalPosition, behind, s.Conflicts,
                (users ? s.UsersDigest : s.PostsDigest) is { Length: > 0 } digest ? digest : null);
        }).ToList();
    }
}
