using BlocksterV2.Domain.Posts;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Domain.Tests;

/// <summary>Builds states the way an entity does: decide with Process, then change with Apply.</summary>
internal static class Given
{
    public static readonly DateTime T0 = new(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    public static DateTime At(int minutes) => T0.AddMinutes(minutes);

    /// <summary>Processes and applies one user command that must be accepted.</summary>
    public static UserBuxState Accepted(this UserBuxState state, IUserCommand command, DateTime now)
    {
        var decision = UserBux.Process(state, command, now);
        Assert.Null(decision.Rejection);
        Assert.Null(decision.Replay);
        Assert.NotNull(decision.Event);
        return UserBux.Apply(state, decision.Event!, command.UserId);
    }

    public static UserBuxState User(string userId, long balance, DateTime? at = null) =>
        UserBuxState.Initial.Accepted(new CreditUser(userId, balance, "seed", null), at ?? T0);

    /// <summary>Processes and applies one post command that must be accepted.</summary>
    public static PostBuxState Accepted(this PostBuxState state, IPostCommand command, DateTime now)
    {
        var decision = PostBux.Process(state, command, now);
        Assert.Null(decision.Rejection);
        Assert.Null(decision.Replay);
        Assert.NotNull(decision.Event);
        return PostBux.Apply(state, decision.Event!, command.PostId);
    }

    public static PostBuxState Post(string postId, long reward, long readTime, long deposit)
    {
        var state = PostBuxState.Initial.Accepted(new ConfigurePost(postId, reward, readTime, null), T0);
        return deposit > 0 ? state.Accepted(new DepositToPost(postId, deposit, null), At(1)) : state;
    }

    public static Rejection Rejected<TEvent, TResult>(Decision<TEvent, TResult> decision, RejectionCode code, string field)
        where TEvent : class
        where TResult : class
    {
        Assert.Null(decision.Event);
        Assert.Null(decision.Replay);
        var rejection = Assert.IsType<Rejection>(decision.Rejection);
        Assert.Equal(code, rejection.Code);
        Assert.Equal(field, rejection.Field);
        Assert.False(string.IsNullOrWhiteSpace(rejection.Reason));
        return rejection;
    }
}
