using System.Diagnostics;
using CliWrap;
using CliWrap.Buffered;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd;

/// <summary>An app's output, captured, cut, filtered and followed live.</summary>
public class LogsTests
{
    [Fact(Timeout = 120_000)]
    public async Task FollowingTheLog_ReceivesALineWithinOneSecondOfTheAppPrintingIt()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "talky", d => ControlApp.Write(d));
        (await repo.PushAsync()).ShouldSucceed();

        using var follow = await server.Http.GetAsync(
            "/api/apps/talky/logs?follow=true&n=0",
            HttpCompletionOption.ResponseHeadersRead
        );
        using var reader = new StreamReader(await follow.Content.ReadAsStreamAsync());
        var marker = "hello-" + Guid.NewGuid().ToString("N")[..8];
        await server.GetAppTextAsync("talky.localhost", "/say?msg=" + marker);
        string? line;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2)); // the deadline: live, not batched
        do line = await reader.ReadLineAsync(cts.Token);
        while (line is not null && !line.Contains(marker));

        Assert.NotNull(line);
        Assert.Matches($@"^web1 \d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{{3}}Z {marker}$", line);
    }

    [Fact(Timeout = 120_000)]
    public async Task Logs_CutLongLines_FilterByInstanceAndEnvironment_AndShowTheBuildLog()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "cutter", d => ControlApp.Write(d));
        (await repo.PushAsync()).ShouldSucceed();
        await server.GetAppTextAsync("cutter.localhost", "/long");

        var logs = await Poll.UntilAsync(
            async () =>
            {
                var l = await KeepAliveTests.LogsAsync(server, "cutter", "n=50&instance=web1&env=production");
                return l.Contains("LLLL") ? l : null;
            },
            TimeSpan.FromSeconds(10),
            "the long line"
        );
        var longLine = logs.Split('\n').Single(l => l.Contains("LLLL"));
        Assert.Equal(4096, longLine.Split(' ', 3)[2].Length);
        Assert.Contains("[gitdeploy] web1 started", logs);
        var all = await KeepAliveTests.LogsAsync(server, "cutter");
        Assert.Matches(@"deploy \d{4}-.* \[gitdeploy\] deploy #1 of main \(push, admin\) started", all);
        Assert.Matches(@"deploy \d{4}-.* \[gitdeploy\] deploy #1 finished: \d{8}-\d{6} is live on production", all);
        Assert.Empty((await KeepAliveTests.LogsAsync(server, "cutter", "instance=web2")).Trim());
        Assert.Empty((await KeepAliveTests.LogsAsync(server, "cutter", "env=stage")).Trim());

        var json = await KeepAliveTests.LogsAsync(server, "cutter", "n=3&json=true");
        foreach (var l in json.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Assert.Contains("\"instance\":", System.Text.Json.JsonDocument.Parse(l).RootElement.GetRawText());

        var tag = (await PushToDeployTests.TagsAsync(repo)).Single();
        var cli = await GitdeployCli.RunAsync(server, "logs", "cutter", "--build", tag);
        Assert.True(cli.Exit == 0, cli.Err);
        Assert.Contains("-----> Detecting app", cli.Out);
    }
}
