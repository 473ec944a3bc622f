using Akka.Actor;
using BlocksterV2.Cluster.Formation;

namespace BlocksterV2.Cluster.Tests.Formation;

public sealed class SeedNodesSpecs
{
    [Fact]
    public void Host_and_port_become_an_address_of_this_actor_system()
    {
        var seeds = SeedNodes.Parse(["127.0.0.1:4053", "fdaa::3:4053", "[fdaa::4]:4054"], "blockster");

        Assert.Equal(
            [new Address("akka.tcp", "blockster", "127.0.0.1", 4053), new Address("akka.tcp", "blockster", "[fdaa::3]", 4053),
             new Address("akka.tcp", "blockster", "[fdaa::4]", 4054)],
            seeds);
    }

    [Fact]
    public void A_full_akka_address_is_taken_as_it_is()
    {
        var seeds = SeedNodes.Parse(["akka.tcp://other@10.0.0.1:2552"], "blockster");

        Assert.Equal(new Address("akka.tcp", "other", "10.0.0.1", 2552), Assert.Single(seeds));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:http")]
    [InlineData("127.0.0.1:70000")]
    [InlineData(":4053")]
    public void Anything_else_is_refused_with_both_forms_shown(string entry)
    {
        var failure = Assert.Throws<FormatException>(() => SeedNodes.Parse([entry], "blockster"));

        Assert.Contains($"'{entry}'", failure.Message);
        Assert.Contains("host:port", failure.Message);
        Assert.Contains("akka.tcp://blockster@127.0.0.1:4053", failure.Message);
    }
}
