using BlocksterV2.Cluster.LocalTables;
using BlocksterV2.Domain.Posts;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.Tests.LocalTableSpecs;

/// <summary>The check both the live and the reloaded tables must pass: every row equals its entity's answer, field for field.</summary>
public static class TablesAgree
{
    public static async Task<(List<UserBuxPoints> Users, List<PostBuxPoints> Posts)> WithEntities(BuxNodeKit node, IEnumerable<string> userIds,
        IEnumerable<string> postIds)
    {
        var users = new List<UserBuxPoints>();
        foreach (var id in userIds.Order(StringComparer.Ordinal))
        {
            var entity = await node.AskUser<UserBuxPoints>(new GetUser(id));
            var row = node.Tables.Users.Get(id);
            Assert.True(row is not null, $"user {id} is missing from the local table");
            AssertSameUser(entity, row.ToRecord());
            users.Add(entity);
        }
        var posts = new List<PostBuxPoints>();
        foreach (var id in postIds.Order(StringComparer.Ordinal))
        {
            var entity = await node.AskPost<PostBuxPoints>(new GetPost(id));
            var row = node.Tables.Posts.Get(id);
            Assert.True(row is not null, $"post {id} is missing from the local table");
            Assert.Equal(entity, row.Record);
            Assert.Equal(DateTimeKind.Utc, row.Record.UpdatedAt.Kind);
            Assert.Empty(row.Pending); // every transfer finished (or was cancelled) before the check
            posts.Add(entity);
        }
        Assert.Equal(users.Count, node.Tables.Users.Count);
        Assert.Equal(posts.Count, node.Tables.Posts.Count);
        Assert.Equal(0, node.Tables.FeedFaults);
        return (users, posts);
    }

    /// <summary>Record equality compares times by ticks only; the kind is checked too, since JSON writes it.</summary>
    public static void AssertSameUser(UserBuxPoints expected, UserBuxPoints actual)
    {
        Assert.Equal(expected, actual);
        Assert.Equal(expected.UpdatedAt.Kind, actual.UpdatedAt.Kind);
        Assert.Equal(expected.CreatedAt.Kind, actual.CreatedAt.Kind);
    }
}
