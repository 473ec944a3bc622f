using BlocksterV2.Domain.Posts;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Domain.Tests;

/// <summary>
/// <see cref="IBuxMessage"/> marks what is persisted or crosses the wire, so that the project's own serializer
/// (bound to that interface) writes it under a stable manifest instead of a CLR type name.
/// </summary>
public class MessagesSpecs
{
    [Theory]
    [InlineData(typeof(UserBuxPoints))]
    [InlineData(typeof(PostBuxPoints))]
    [InlineData(typeof(ReadRewarded))]
    [InlineData(typeof(Rejection))]
    public void Every_reply_an_entity_sends_is_a_bux_message(Type reply) =>
        Assert.True(typeof(IBuxMessage).IsAssignableFrom(reply), $"{reply.Name} is sent back to callers on other nodes but is not an IBuxMessage");

    [Fact]
    public void Every_command_and_event_is_a_bux_message()
    {
        var types = typeof(IBuxMessage).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } &&
                        (typeof(IUserCommand).IsAssignableFrom(t) || typeof(IPostCommand).IsAssignableFrom(t) ||
                         typeof(IUserEvent).IsAssignableFrom(t) || typeof(IPostEvent).IsAssignableFrom(t)))
            .ToList();
        Assert.True(types.Count >= 20, $"only {types.Count} commands and events found");
        Assert.All(types, t => Assert.True(typeof(IBuxMessage).IsAssignableFrom(t), t.Name));
    }

    [Fact]
    public void Commands_are_routed_by_their_entity_id()
    {
        Assert.Equal("u1", ((IWithUserId)new CreditReadReward("u1", "p1", 1)).UserId);
        Assert.Equal("p1", ((IWithPostId)new ReadRewardCredited("p1", "u1", 1)).PostId);
        Assert.Equal("p1", ((IWithPostId)new ResumePendingRewards("p1")).PostId);
    }
}
