using GitDeploy.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GitDeploy.Tests.Dashboard.Browser;

/// <summary>
/// One server and one Chromium for the browser tests (a collection: they run one after another, each with
/// its own apps and its own browser context). Screenshots go to screenshots/ in the test output.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public TestServer Server { get; private set; } = null!;
    public Infrastructure.Browser Browser { get; private set; } = null!;

    public static string ScreenshotDir { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync();
        Browser = await Infrastructure.Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Server.DisposeAsync();
    }

    public string Url(string path) => new Uri(Server.BaseUri, path).ToString();

    /// <summary>A new browser context signed in with <paramref name="token"/> (the admin token by default).</summary>
    public async Task<IPage> SignedInAsync(string token = TestServer.Token)
    {
        var page = await Browser.NewPageAsync();
        await page.GotoAsync(Url("/dashboard"));
        await page.FillAsync("#token", token);
        await page.ClickAsync("form[action='/dashboard/sign-in'] button[type=submit]");
        await page.WaitForURLAsync(u => !u.Contains("/sign-in", StringComparison.Ordinal));
        return page;
    }

    /// <summary>The page as a file, at laptop width and at a phone's (390 × 844).</summary>
    public static async Task ShotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDir);
        await page.ScreenshotAsync(
            new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, name + ".png"), FullPage = true }
        );
        var size = page.ViewportSize;
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(
            new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, name + "-phone.png"), FullPage = true }
        );
        if (size is not null)
            await page.SetViewportSizeAsync(size.Width, size.Height);
    }
}
