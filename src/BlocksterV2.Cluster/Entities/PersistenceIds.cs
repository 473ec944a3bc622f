namespace BlocksterV2.Cluster.Entities;

/// <summary>Journal keys. Part of the stored data: never change them.</summary>
public static class PersistenceIds
{
    public const string UserPrefix = "user_bux_points|";
    public const string PostPrefix = "post_bux_points|";

    public static string User(string userId) => UserPrefix + userId;
    public static string Post(string postId) => PostPrefix + postId;
}
