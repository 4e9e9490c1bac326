using GitDeploy.Runtime.Processes;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd;

public class FirstStartTests
{
    [Fact(Timeout = 120_000)]
    public async Task FirstStart_PrintsTheAdminTokenOnce_AndItWorks()
    {
        var data = TestEnvironment.TempDir("gd-first");
        var port = FreePort.Next();
        string token;
        using (var first = await ServerProcess.StartAsync(data, port, fixedToken: false))
        {
            var match = System.Text.RegularExpressions.Regex.Match(
                first.Output,
                @"Admin token \(shown once, keep it\): (gd_[0-9a-f]{40})"
            );
            Assert.True(match.Success, first.Output);
            token = match.Groups[1].Value;
            Assert.Contains($"http://127.0.0.1:{port}", first.Output);
            Assert.True(first.Terminate(TimeSpan.FromSeconds(30)));
        }
        using var second = await ServerProcess.StartAsync(data, port, fixedToken: false);
        Assert.DoesNotContain("Admin token", second.Output);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        Assert.True((await http.GetAsync("/api/apps")).IsSuccessStatusCode);
        http.DefaultRequestHeaders.Authorization = new("Bearer", TestServer.Token);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.GetAsync("/api/apps")).StatusCode);
        Assert.True(second.Terminate(TimeSpan.FromSeconds(30)));
    }
}
