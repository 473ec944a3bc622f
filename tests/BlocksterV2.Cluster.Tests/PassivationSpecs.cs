using Akka.Actor;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.Tests;

/// <summary>An idle entity is stopped, and the next message brings it back with its state.</summary>
public sealed class PassivationSpecs() : BuxNodeKit(IdleAfterOneSecond(), connectionString: null)
{
    private static BlocksterV2.Cluster.Hosting.BuxNodeOptions IdleAfterOneSecond()
    {
        var options = LocalOptions();
        options.PassivateIdleAfter = TimeSpan.FromSeconds(1);
        return options;
    }

    [Fact]
    public async Task An_idle_entity_is_passivated_and_restored_on_its_next_message()
    {
        var credited = await AskUser<UserBuxPoints>(new CreditUser("sleepy", 12, null, "k1"));
        var identity = await Sys.ActorSelection("/system/sharding/user-bux/*/sleepy")
            .Ask<ActorIdentity>(new Identify("sleepy"), TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        var entity = identity.Subject ?? throw new Xunit.Sdk.XunitException("the entity 'sleepy' is not running after its credit");

        Watch(entity);
        await ExpectTerminatedAsync(entity, TimeSpan.FromSeconds(15), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(credited, await AskUser<UserBuxPoints>(new GetUser("sleepy")));
        Assert.Equal(credited, await AskUser<UserBuxPoints>(new CreditUser("sleepy", 12, null, "k1"))); // its keys came back too
    }
}
