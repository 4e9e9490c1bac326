using System.Text.RegularExpressions;
using GitDeploy.Tests.Infrastructure;
using GitDeploy.Tests.Webhooks;

namespace GitDeploy.Tests.Commands;

/// <summary><c>gitdeploy apps source</c>, the real executable against a real server.</summary>
public class WebhookSourceCommandTests
{
    [Fact(Timeout = 120_000)]
    public async Task AppsSource_SetShowAndRemove_PrintsTheWebhookToPaste_NeverTheCredentials()
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("web");
        const string token = "ghp_TheTokenThatMustNeverBeShown42";

        var set = await WebhookApi.GitdeployAsync(
            server,
            token + "\n",
            "apps",
            "source",
            "web",
            "--url",
            "https://github.com/octocat/web.git",
            "--credentials",
            "-"
        );
        Assert.True(set.Exit == 0, set.Err);
        Assert.Contains("provider     github", set.Out); // guessed from the URL
        Assert.Contains("branches     main=production, master=production, stage=stage", set.Out);
        Assert.Contains("credentials  set (hidden)", set.Out);
        Assert.Contains($"URL          http://127.0.0.1:{server.Port}/webhooks/github/web", set.Out);
        Assert.Contains("a new secret was generated", set.Out);
        Assert.Contains("Settings → Webhooks → Add webhook", set.Out);
        var secret = Regex.Match(set.Out, @"secret\s+([0-9a-f]{48})").Groups[1].Value;
        Assert.NotEqual("", secret);

        var changed = await WebhookApi.GitdeployAsync(
            server,
            null,
            "apps",
            "source",
            "web",
            "--branch",
            "main=production",
            "--branch",
            "develop=stage"
        );
        var shown = await WebhookApi.GitdeployAsync(server, null, "apps", "source", "web");
        var json = await WebhookApi.GitdeployAsync(server, null, "apps", "source", "web", "--json");

        Assert.Equal(0, changed.Exit);
        Assert.Contains("branches     main=production, develop=stage", shown.Out);
        Assert.Contains($"secret       {secret}", shown.Out); // unchanged unless asked
        Assert.DoesNotContain("a new secret was generated", shown.Out);
        Assert.Contains("\"credentials\": \"set (hidden)\"", json.Out);
        foreach (var output in new[] { set.Out + set.Err, changed.Out, shown.Out, json.Out })
            Assert.DoesNotContain(token, output);

        // A new host never gets the old host's token.
        var moved = await WebhookApi.GitdeployAsync(
            server,
            null,
            "apps",
            "source",
            "web",
            "--url",
            "https://gitlab.example.com/team/web.git"
        );
        Assert.Contains("credentials  none", moved.Out);
        Assert.Contains("provider     github", moved.Out); // kept: the provider is only guessed the first time

        var removed = await WebhookApi.GitdeployAsync(server, null, "apps", "source", "web", "--remove");
        var gone = await WebhookApi.GitdeployAsync(server, null, "apps", "source", "web");
        Assert.Equal(0, removed.Exit);
        Assert.Equal(1, gone.Exit);
        Assert.Contains("web has no source repository; set one with `gitdeploy apps source web --url URL`", gone.Err);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("ssh:// sources are not supported", "--url", "ssh://git@github.com/octocat/web.git")]
    [InlineData(
        "'bitbucket' is not a provider: use github, gitlab, gitea, generic",
        "--url",
        "https://github.com/o/web.git",
        "--provider",
        "bitbucket"
    )]
    [InlineData("--branch 'main' must be BRANCH=ENV", "--url", "https://github.com/o/web.git", "--branch", "main")]
    [InlineData(
        "'prod' is not an environment: use production or stage",
        "--url",
        "https://github.com/o/web.git",
        "--branch",
        "main=prod"
    )]
    [InlineData("'..x' is not a branch name", "--url", "https://github.com/o/web.git", "--branch", "..x=stage")]
    [InlineData(
        "the secret must be 16 to 200 characters",
        "--url",
        "https://github.com/o/web.git",
        "--secret",
        "short"
    )]
    [InlineData(
        "give --secret or --generate-secret, not both",
        "--url",
        "https://github.com/o/web.git",
        "--secret",
        "0123456789abcdefXYZ",
        "--generate-secret"
    )]
    [InlineData("this app has no source yet: give --url", "--provider", "github")]
    [InlineData(
        "give the credentials either in the URL or with --credentials, not both",
        "--url",
        "https://u:t@github.com/o/web.git",
        "--credentials",
        "t2"
    )]
    public async Task AppsSource_Refusals_ExitNonZeroSayingWhatToDo(string message, params string[] options)
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("web");

        var r = await WebhookApi.GitdeployAsync(server, null, ["apps", "source", "web", .. options]);

        Assert.Equal(1, r.Exit);
        Assert.Contains(message, r.Err);
        Assert.Contains("HTTP 400", r.Err);
    }
}
