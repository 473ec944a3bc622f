using BlocksterV2.Cluster.Leaderboard;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BlocksterV2.Web.Tests.Support;

/// <summary>A node whose open leaderboard streams are counted, and whose view the specs publish to directly.</summary>
public sealed class LeaderboardStreamFixture : BuxWebFixture
{
    public OpenRequests Streams { get; } = new("/api/leaderboard/stream");

    public LeaderboardView View => Factory.Services.GetRequiredService<LeaderboardView>();

    protected override void Configure(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter>(Streams));
}
