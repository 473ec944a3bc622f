using Akka.Actor;
using Akka.Event;
using BlocksterV2.Cluster.Entities;
using BlocksterV2.Cluster.Persistence;
using BlocksterV2.Domain.Posts;

namespace BlocksterV2.Cluster.Rewards;

/// <summary>
/// After a restart, finds rewarded reads that were cut between their two steps (reserved in the post's pool,
/// never settled) and wakes those posts, which re-send the credit to the user until it settles.
/// </summary>
public static class PendingRewardResumer
{
    /// <param name="connectionString">The node's SQLite journal.</param>
    public static async Task<int> ResumeAsync(ActorSystem system, IActorRef postRegion, string connectionString)
    {
        var log = Logging.GetLogger(system, typeof(PendingRewardResumer));
        var serialization = system.Serialization;
        var open = new HashSet<(string PostId, string UserId)>();

        await Task.Run(() => SqliteEventReader.ReadTagged(connectionString, PostBuxActor.ReadRewardTag, stored =>
        {
            var postId = stored.PersistenceId[PersistenceIds.PostPrefix.Length..];
            switch (serialization.Deserialize(stored.Message, stored.SerializerId, stored.Manifest))
            {
                case ReadRewardReserved r: open.Add((postId, r.UserId)); break;
                case ReadRewardSettled s: open.Remove((postId, s.UserId)); break;
                case ReadRewardCancelled c: open.Remove((postId, c.UserId)); break;
            }
        }));

        var posts = open.Select(p => p.PostId).Distinct().ToList();
        foreach (var postId in posts)
            postRegion.Tell(new ResumePendingRewards(postId));
        if (posts.Count > 0)
        {
            log.Warning("Resuming {0} rewarded read(s) on {1} post(s) that were cut short by the last shutdown; each completes once its user entity confirms",
                open.Count, posts.Count);
        }
        return open.Count;
    }
}
