using GitDeploy.Runtime.Logs;
using GitDeploy.Server.Dashboard.Text;

namespace GitDeploy.Tests.Dashboard;

public class DashboardTextTests
{
    [Theory]
    [InlineData("-----> Installing dependencies", "head")]
    [InlineData("-----> Build failed: pip exited with 1", "head fail")]
    [InlineData(" !     Build failed: requirements", "fail")]
    [InlineData("       done in 0.2 s", "status")]
    [InlineData("       failed (exit status 1)", "status fail")]
    [InlineData("Collecting flask", "detail")]
    public void BuildLines_AreClassedByThePipelinesOwnMarks(string line, string kind) =>
        Assert.Equal(kind, BuildLine.Kind(line));

    [Fact]
    public void LogLines_AreHtmlEncoded()
    {
        var html = LogHtml.App(
            new LogLine(DateTimeOffset.UnixEpoch, "production", "web1", LogStream.Err, "<script>alert(1)</script>")
        );
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.DoesNotContain("<img", LogHtml.Build("<img src=x onerror=alert(1)>"));
    }

    [Theory]
    [InlineData("/dashboard/apps/web", "/dashboard/apps/web")]
    [InlineData("/dashboard?x=1", "/dashboard?x=1")]
    [InlineData("https://evil.example/", "/dashboard")]
    [InlineData("//evil.example/dashboard", "/dashboard")]
    [InlineData("/dashboard//evil.example", "/dashboard")]
    [InlineData("/dashboard/\\evil", "/dashboard")]
    [InlineData("/dashboardx", "/dashboard")]
    [InlineData("/dashboard/sign-in?next=/x", "/dashboard")]
    [InlineData(null, "/dashboard")]
    public void AfterSignIn_OnlyADashboardPageOfThisSite(string? next, string expected) =>
        Assert.Equal(expected, GitDeploy.Server.Dashboard.Sessions.SignInEndpoints.Next(next));
}
