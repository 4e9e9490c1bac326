using Microsoft.Playwright;

namespace GitDeploy.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium (/usr/bin/chromium) driven by Playwright for .NET. Playwright never downloads a
/// browser here: the executable is given, and PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD is set. Each launch carries
/// a marker argument, so closing it can assert that no process of it is left.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly string _marker;

    public IBrowser Instance { get; }

    private Browser(IPlaywright playwright, IBrowser browser, string marker)
    {
        _playwright = playwright;
        Instance = browser;
        _marker = marker;
    }

    public static async Task<Browser> LaunchAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        if (!File.Exists(Chromium))
            throw new InvalidOperationException(
                $"the browser tests need Debian's Chromium at {Chromium}: "
                    + "apt-get install chromium "
                    + "(.ci/run installs it)"
            );
        var marker = "--gitdeploy-test-browser=" + Guid.NewGuid().ToString("N");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(
            new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = ["--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", marker],
                Timeout = 60_000,
            }
        );
        return new Browser(playwright, browser, marker);
    }

    /// <summary>A fresh context (own cookies) at laptop size, in a time zone that is not UTC, so local times
    /// show.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Instance.NewContextAsync(
            new BrowserNewContextOptions
            {
                ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
                TimezoneId = "Asia/Tokyo",
                Locale = "en-GB",
                AcceptDownloads = true,
            }
        );
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Instance.CloseAsync();
        _playwright.Dispose();
        await Poll.UntilAsync(() => !Running(), TimeSpan.FromSeconds(15), "the browser's processes to exit");
    }

    private bool Running()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _))
                continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(_marker, StringComparison.Ordinal))
                    return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return false;
    }
}
