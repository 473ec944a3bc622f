namespace BlocksterV2.Node.Tests.Browser;

/// <summary>The browser harness itself: it drives a page, and leaves no process and no files behind.</summary>
public sealed class ChromiumSpecs
{
    [Fact]
    public async Task A_page_evaluates_script_and_disposing_leaves_no_process_and_no_files()
    {
        await using var chromium = await Chromium.Start();
        var page = await chromium.OpenPage();
        await page.Navigate("data:text/html,%3Cp%20id%3Dgreeting%3Ehello%3C%2Fp%3E");

        Assert.Equal("hello", await page.Evaluate<string>("document.getElementById('greeting').textContent"));
        Assert.NotEmpty(Chromium.ProcessesNaming(chromium.Root));

        await chromium.DisposeAsync();

        Assert.Empty(Chromium.ProcessesNaming(chromium.Root));
        Assert.False(Directory.Exists(chromium.Root), $"{chromium.Root} was left behind");
    }
}
