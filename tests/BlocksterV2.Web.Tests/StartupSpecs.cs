using BlocksterV2.Cluster.Hosting;
using BlocksterV2.Cluster.Inspection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace BlocksterV2.Web.Tests;

/// <summary>What <see cref="NodeStartup.Prepare"/> decides before the node starts.</summary>
public sealed class StartupSpecs
{
    private sealed class TestEnvironment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "BlocksterV2.Web";
        public string ContentRootPath { get; set; } = Directory.GetCurrentDirectory();
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    [Fact]
    public void Production_without_an_api_key_refuses_to_start_and_says_to_set_Bux__ApiKey()
    {
        var refused = Assert.Throws<StartupRefusedException>(() => NodeStartup.Prepare(new BuxNodeOptions(), new TestEnvironment("Production")));

        Assert.Contains("Bux__ApiKey", refused.Message);
        Assert.Contains("Production", refused.Message);
    }

    [Theory]
    [InlineData("Bux:Replication:AckTimeout", "00:00:00", "Bux:Replication:AckTimeout must be more than zero")]
    [InlineData("Bux:Replication:SyncInterval", "-00:00:01", "Bux:Replication:SyncInterval must be more than zero")]
    [InlineData("Bux:Replication:PullPageEvents", "0", "Bux:Replication:PullPageEvents must be from 1 to 100000")]
    public void Replication_settings_that_cannot_work_refuse_to_start_and_say_what_to_change(string key, string value, string expected)
    {
        var options = NodeStartup.Bind(new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build().GetSection(BuxNodeOptions.Section));

        var refused = Assert.Throws<StartupRefusedException>(() => NodeStartup.Prepare(options, new TestEnvironment("Development")));

        Assert.StartsWith($"Refusing to start: {expected}", refused.Message);
    }

    [Theory]
    [InlineData("Bux:Replication:Consistency", "quorum")]
    [InlineData("Bux:MaxShards", "many")]
    [InlineData("Bux:Discovery:StableMargin", "5 seconds")]
    public void A_setting_that_does_not_convert_refuses_to_start_naming_the_key(string key, string value)
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build().GetSection(BuxNodeOptions.Section);

        var refused = Assert.Throws<StartupRefusedException>(() => NodeStartup.Bind(section));

        Assert.Contains(key, refused.Message);
        Assert.StartsWith("Refusing to start", refused.Message);
    }

    [Theory]
    [InlineData("Bux:SeedNodes:0", "127.0.0.1", "seed node '127.0.0.1' is not host:port")]
    [InlineData("Bux:Discovery:QueryTimeout", "00:00:05", "but must finish within 3.0s: set the query timeout to at most")]
    [InlineData("Bux:Discovery:NameServers:0", "not-an-endpoint", "not-an-endpoint")]
    public void Formation_settings_that_cannot_work_refuse_to_start_and_say_what_to_change(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { ["Bux:Discovery:ServiceName"] = "blockster.test", [key] = value };
        if (key.StartsWith("Bux:SeedNodes"))
            settings.Remove("Bux:Discovery:ServiceName");
        var options = NodeStartup.Bind(new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(BuxNodeOptions.Section));

        var refused = Assert.Throws<StartupRefusedException>(() => NodeStartup.Prepare(options, new TestEnvironment("Development")));

        Assert.Contains(expected, refused.Message);
    }

    [Theory]
    [InlineData("Bux:Leaderboard:Size", "0", "Bux:Leaderboard:Size 0 must be at least 1")]
    [InlineData("Bux:Leaderboard:FlushInterval", "00:00:00", "Bux:Leaderboard:FlushInterval 00:00:00 must be longer than zero")]
    [InlineData("Bux:Leaderboard:ReadInterval", "-00:00:01", "Bux:Leaderboard:ReadInterval -00:00:01 must be longer than zero")]
    [InlineData("Bux:Leaderboard:ReconcileInterval", "00:00:00", "Bux:Leaderboard:ReconcileInterval 00:00:00 must be longer than zero")]
    public void Leaderboard_settings_that_cannot_work_refuse_to_start_and_say_what_to_change(string key, string value, string expected)
    {
        var options = NodeStartup.Bind(new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build().GetSection(BuxNodeOptions.Section));

        var refused = Assert.Throws<StartupRefusedException>(() => NodeStartup.Prepare(options, new TestEnvironment("Development")));

        Assert.StartsWith($"Refusing to start: {expected}", refused.Message);
    }

    [Fact]
    public void Production_with_an_empty_api_key_refuses_to_start()
    {
        Assert.Throws<StartupRefusedException>(() =>
            NodeStartup.Prepare(new BuxNodeOptions { ApiKey = "" }, new TestEnvironment("Production")));
    }

    [Fact]
    public void Production_with_an_api_key_starts_without_the_missing_key_warning()
    {
        var startup = NodeStartup.Prepare(new BuxNodeOptions { ApiKey = "a-production-key-0123" }, new TestEnvironment("Production"));

        Assert.DoesNotContain(startup.Warnings, w => w.Contains("No API key"));
        Assert.Null(startup.DataDirectory);
    }

    [Theory]
    [InlineData("   ", "Bux:ApiKey contains whitespace")]
    [InlineData("short-key", "Bux:ApiKey is 9 characters long: use at least 16")]
    [InlineData("sixteen chars ok", "Bux:ApiKey contains whitespace")]
    public void An_api_key_shorter_than_16_characters_or_with_whitespace_refuses_to_start_in_any_environment(string key, string expected)
    {
        var refused = Assert.Throws<StartupRefusedException>(() =>
            NodeStartup.Prepare(new BuxNodeOptions { ApiKey = key }, new TestEnvironment("Development")));

        Assert.Contains(expected, refused.Message);
    }

    [Fact]
    public void A_short_pbm_secret_refuses_to_start()
    {
        var refused = Assert.Throws<StartupRefusedException>(() =>
            NodeStartup.Prepare(new BuxNodeOptions { Pbm = new PbmOptions { Secret = "s3cret" } }, new TestEnvironment("Development")));

        Assert.Contains("Bux:Pbm:Secret is 6 characters long", refused.Message);
    }

    [Fact]
    public void Production_refuses_a_pbm_host_other_machines_reach_without_a_secret()
    {
        var options = new BuxNodeOptions { ApiKey = "a-production-key-0123", Pbm = new PbmOptions { Host = "0.0.0.0" } };

        var refused = Assert.Throws<StartupRefusedException>(() => NodeStartup.Prepare(options, new TestEnvironment("Production")));

        Assert.Contains("pbm command host on 0.0.0.0 and no secret: set Bux__Pbm__Secret", refused.Message);
    }

    [Theory]
    [InlineData("0.0.0.0", "a-pbm-secret-0123456", true)]
    [InlineData("127.0.0.1", null, true)]
    [InlineData("0.0.0.0", null, false)]
    public void Production_starts_with_a_pbm_secret_or_a_loopback_pbm_host_or_pbm_off(string host, string? secret, bool enabled)
    {
        var options = new BuxNodeOptions
        {
            ApiKey = "a-production-key-0123",
            Pbm = new PbmOptions { Host = host, Secret = secret, Enabled = enabled },
        };

        var startup = NodeStartup.Prepare(options, new TestEnvironment("Production"));

        Assert.Null(startup.DataDirectory);
    }

    [Theory]
    [InlineData(0, "Bux:Pbm:MaxConnections must be from 1 to 10000")]
    [InlineData(10_001, "Bux:Pbm:MaxConnections must be from 1 to 10000")]
    public void A_pbm_connection_cap_out_of_range_refuses_to_start(int max, string expected)
    {
        var refused = Assert.Throws<StartupRefusedException>(() =>
            NodeStartup.Prepare(new BuxNodeOptions { Pbm = new PbmOptions { MaxConnections = max } }, new TestEnvironment("Development")));

        Assert.Contains(expected, refused.Message);
    }

    [Fact]
    public void Development_without_an_api_key_only_warns()
    {
        var startup = NodeStartup.Prepare(new BuxNodeOptions(), new TestEnvironment("Development"));

        Assert.Contains(startup.Warnings, w => w.Contains("No API key configured") && w.Contains("Bux__ApiKey"));
        Assert.Contains(startup.Warnings, w => w.Contains("RAM-only"));
        Assert.Null(startup.DataDirectory);
        Assert.Null(startup.ConnectionString);
    }

    [Fact]
    public void Program_in_Production_without_a_key_exits_before_building_the_host()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseEnvironment("Production"));

        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("without ever building an IHost", failure.Message);
    }
}
