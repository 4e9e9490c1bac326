namespace GitDeploy.Tests.Dashboard.Browser;

/// <summary>The browser tests share one server and one Chromium, one test at a time.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardBrowserCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard browser";
}
