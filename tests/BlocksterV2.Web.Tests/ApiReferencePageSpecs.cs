using System.Net;
using BlocksterV2.Web.Tests.Support;

namespace BlocksterV2.Web.Tests;

/// <summary>The interactive API reference (Scalar) at <c>/scalar/</c> reads the node's own document.</summary>
public sealed class ApiReferencePageSpecs(OpenNodeFixture node) : IClassFixture<OpenNodeFixture>
{
    [Fact]
    public async Task The_reference_page_is_html_that_loads_the_openapi_document()
    {
        using var response = await node.Client.GetAsync("/scalar/", TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("openapi/v1.json", html);
    }

    [Fact]
    public async Task The_reference_page_script_is_served_by_the_node_itself()
    {
        using var page = await node.Client.GetAsync("/scalar/", TestContext.Current.CancellationToken);
        using var script = await node.Client.GetAsync("/scalar/scalar.js", TestContext.Current.CancellationToken);

        Assert.Contains("<script src=\"scalar.js\"></script>", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.True((await script.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).Length > 100_000, "scalar.js is the whole bundled page script");
    }
}
