using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using GitDeploy.Tests.Infrastructure;
using GitDeploy.Tests.Webhooks;

namespace GitDeploy.Tests.EndToEnd;

/// <summary>
/// Pushes to a hosted repository (a real bare repository over file://, or a second GitDeploy app
/// over HTTP with credentials) whose webhook makes the server fetch and deploy the commit.
/// </summary>
public class WebhookDeployTests
{
    private const string Secret = WebhookSignatureTests.Secret;

    private static async Task<HttpResponseMessage> Accepted(Task<HttpResponseMessage> delivery)
    {
        var r = await delivery;
        Assert.True(
            r.StatusCode == HttpStatusCode.Accepted,
            $"expected 202, got {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}"
        );
        return r;
    }

    private static string Str(JsonElement e, string name) => e.GetProperty(name).ToString();

    [Fact(Timeout = 240_000)]
    public async Task FileSource_GitHubPushes_DeployThroughThePipeline_SeenInDeployResourceLogAndDeploysCommand()
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("hooked");
        var source = await SourceRepo.CreateBareAsync(d => SourceRepo.VersionedApp(d, "v1"));
        await WebhookApi.SetSourceAsync(
            server,
            "hooked",
            new
            {
                url = source.FileUrl,
                provider = "github",
                secret = Secret,
            }
        );
        using var hooks = new WebhookClient(server);
        var c1 = await source.HeadAsync();

        using var first = await Accepted(
            hooks.DeliverAsync("github", "hooked", Payloads.GitHubPush("refs/heads/main", Payloads.Zero, c1), Secret)
        );
        var location = first.Headers.Location!.OriginalString;
        Assert.Equal(location, Str(await WebhookApi.JsonAsync(first), "url"));
        var deploy = await WebhookApi.EndedAsync(server, location);

        Assert.Equal("succeeded", Str(deploy, "status"));
        Assert.Equal("webhook", Str(deploy, "trigger"));
        Assert.Equal(c1, Str(deploy, "commitSha"));
        var tag = Str(deploy, "tag");
        Assert.Matches(@"^\d{8}-\d{6}$", tag);
        Assert.True(deploy.GetProperty("durationSeconds").GetDouble() > 0);
        Assert.NotEqual("", Str(deploy, "finishedAt"));
        Assert.Equal("v1", await server.GetAppTextAsync("hooked.localhost"));

        var log = await WebhookApi.LogAsync(server, location);
        Assert.Contains($"-----> Fetching main from {source.FileUrl}", log);
        Assert.Contains($"-----> Start building {tag} (main {c1[..7]}: initial) for production", log);
        Assert.Contains($"{tag} is live on production", log);
        Assert.Equal(log, await WebhookApi.LogAsync(server, location, follow: true)); // ended: the stored log
        var releases = (await WebhookApi.GetJsonAsync(server, "/api/apps/hooked/releases")).EnumerateArray().ToList();
        Assert.Equal(c1, Str(Assert.Single(releases), "commit"));
        Assert.Equal("github:octocat", Str(releases[0], "actor"));
        Assert.Contains(
            "Fetching main",
            await server.Http.GetStringAsync($"/api/apps/hooked/releases/{tag}/build-log")
        );
        var cli = await WebhookApi.GitdeployAsync(server, null, "deploys", "hooked");
        Assert.Equal(0, cli.Exit);
        Assert.Matches(
            $@"(?m)^{Str(deploy, "id")}\s+production\s+main\s+{c1[..7]}\s+webhook\s+"
                + $@"github:octocat\s+succeeded\s+{tag}\s",
            cli.Out
        );

        // A newer push deploys; a late (or replayed) delivery of the older one does not roll back.
        var c2 = await source.CommitAsync("VERSION", "v2", "second");
        (await source.PushAsync("main")).ShouldSucceed();
        using var second = await Accepted(
            hooks.DeliverAsync("github", "hooked", Payloads.GitHubPush("refs/heads/main", c1, c2), Secret)
        );
        Assert.Equal(
            "succeeded",
            Str(await WebhookApi.EndedAsync(server, second.Headers.Location!.OriginalString), "status")
        );
        Assert.Equal("v2", await server.GetAppTextAsync("hooked.localhost"));
        using var late = await Accepted(
            hooks.DeliverAsync("github", "hooked", Payloads.GitHubPush("refs/heads/main", Payloads.Zero, c1), Secret)
        );
        var lateDeploy = await WebhookApi.EndedAsync(server, late.Headers.Location!.OriginalString);
        Assert.Contains(
            $"Commit {c1[..7]} is older than the live {c2[..7]}",
            await WebhookApi.LogAsync(server, late.Headers.Location!.OriginalString)
        );
        Assert.Equal("succeeded", Str(lateDeploy, "status"));
        Assert.Equal(2, (await WebhookApi.GetJsonAsync(server, "/api/apps/hooked/releases")).GetArrayLength());

        // Deleting the branch at the source deploys nothing and stops nothing.
        using var deleted = await hooks.DeliverAsync(
            "github",
            "hooked",
            Payloads.GitHubPush("refs/heads/main", c2, Payloads.Zero, deleted: true),
            Secret
        );
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Contains(
            "branch main was deleted at the source: nothing to deploy; production keeps serving",
            Str(await WebhookApi.JsonAsync(deleted), "reason")
        );
        Assert.Equal("v2", await server.GetAppTextAsync("hooked.localhost"));
        Assert.Equal(3, (await WebhookApi.DeploysAsync(server, "hooked")).Count);
    }

    [Fact(Timeout = 240_000)]
    public async Task HttpSource_ASecondGitDeployAppWithCredentials_Deploys_AndTheCredentialsAreNeverShownOrLogged()
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("src");
        await server.CreateAppAsync("web");
        var source = await SourceRepo.CreateForRemoteAsync(
            server.GitUrl("src"),
            d => SourceRepo.VersionedApp(d, "from-http")
        );
        (await source.PushAsync("main:release")).ShouldSucceed(); // on the src app, "release" deploys nowhere
        var c1 = await source.HeadAsync();
        var token = TestServer.Token;

        var set = await WebhookApi.GitdeployAsync(
            server,
            null,
            "apps",
            "source",
            "web",
            "--url",
            $"http://x:{token}@127.0.0.1:{server.Port}/src.git",
            "--provider",
            "gitea",
            "--branch",
            "release=production",
            "--generate-secret"
        );
        Assert.True(set.Exit == 0, set.Err);
        Assert.Contains($"url          http://127.0.0.1:{server.Port}/src.git", set.Out);
        Assert.Contains($"URL          http://127.0.0.1:{server.Port}/webhooks/gitea/web", set.Out);
        Assert.Contains("credentials  set (hidden)", set.Out);
        Assert.Contains("branches     release=production", set.Out);
        var secret = Regex.Match(set.Out, @"secret\s+([0-9a-f]{48})").Groups[1].Value;
        Assert.NotEqual("", secret);
        var shown = await WebhookApi.GitdeployAsync(server, null, "apps", "source", "web", "--json");
        Assert.Contains($"\"secret\": \"{secret}\"", shown.Out);
        Assert.DoesNotContain(token, set.Out + shown.Out);

        using var hooks = new WebhookClient(server);
        using var accepted = await Accepted(
            hooks.DeliverAsync("gitea", "web", Payloads.GiteaPush("refs/heads/release", Payloads.Zero, c1), secret)
        );
        var deploy = await WebhookApi.EndedAsync(server, accepted.Headers.Location!.OriginalString);

        Assert.Equal("succeeded", Str(deploy, "status"));
        Assert.Equal("release", Str(deploy, "ref"));
        Assert.Equal("from-http", await server.GetAppTextAsync("web.localhost"));
        var log = await WebhookApi.LogAsync(server, accepted.Headers.Location!.OriginalString);
        Assert.Contains($"Fetching release from http://127.0.0.1:{server.Port}/src.git", log);
        Assert.DoesNotContain(token, log);
        foreach (
            var file in Directory.EnumerateFiles(
                Path.Combine(server.DataDir, "logs"),
                "*.log",
                SearchOption.AllDirectories
            )
        )
            Assert.DoesNotContain(token, await File.ReadAllTextAsync(file));
    }

    [Fact(Timeout = 240_000)]
    public async Task FetchFailures_FailTheDeploySayingWhich_AndTheLiveReleaseKeepsServing()
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("src");
        await server.CreateAppAsync("web");
        var source = await SourceRepo.CreateForRemoteAsync(server.GitUrl("src"), d => SourceRepo.VersionedApp(d, "v1"));
        (await source.PushAsync("main:release")).ShouldSucceed();
        var srcUrl = $"http://127.0.0.1:{server.Port}/src.git";
        await WebhookApi.SetSourceAsync(
            server,
            "web",
            new
            {
                url = srcUrl,
                provider = "gitea",
                secret = Secret,
                branches = new[] { "release=production" },
                credentials = TestServer.Token,
            }
        );
        using var hooks = new WebhookClient(server);
        using var first = await Accepted(
            hooks.DeliverAsync(
                "gitea",
                "web",
                Payloads.GiteaPush("refs/heads/release", Payloads.Zero, await source.HeadAsync()),
                Secret
            )
        );
        var live = Str(await WebhookApi.EndedAsync(server, first.Headers.Location!.OriginalString), "tag");
        var c2 = await source.CommitAsync("VERSION", "v2", "second");
        (await source.PushAsync("HEAD:release")).ShouldSucceed();

        async Task<string> FailsWith(string commit, string expected)
        {
            using var r = await Accepted(
                hooks.DeliverAsync(
                    "gitea",
                    "web",
                    Payloads.GiteaPush("refs/heads/release", Payloads.Zero, commit),
                    Secret
                )
            );
            var d = await WebhookApi.EndedAsync(server, r.Headers.Location!.OriginalString);
            Assert.Equal("failed", Str(d, "status"));
            Assert.Contains(expected, Str(d, "error"));
            Assert.Contains("The running release was not changed", Str(d, "error"));
            var log = await WebhookApi.LogAsync(server, r.Headers.Location!.OriginalString);
            Assert.Contains(expected, log);
            Assert.Equal("v1", await server.GetAppTextAsync("web.localhost"));
            Assert.Equal(live, Str(await WebhookApi.GetJsonAsync(server, "/api/apps/web"), "production"));
            return log;
        }

        var missing = new string('e', 40);
        await FailsWith(missing, $"Fetch failed: commit {missing} is not in the source repository {srcUrl}");
        await WebhookApi.SetSourceAsync(server, "web", new { credentials = "wrong-token-for-src" });
        var badCredentials = await FailsWith(c2, $"the source repository {srcUrl} refused the credentials");
        Assert.DoesNotContain("wrong-token-for-src", badCredentials);
        await WebhookApi.SetSourceAsync(server, "web", new { credentials = "" });
        await FailsWith(c2, $"the source repository {srcUrl} wants credentials");
        await WebhookApi.SetSourceAsync(
            server,
            "web",
            new { url = $"http://x:{TestServer.Token}@127.0.0.1:1/src.git" }
        );
        await FailsWith(c2, "cannot reach the source repository http://127.0.0.1:1/src.git");
        var gone = Path.Combine(TestEnvironment.TempDir("gd-gone"), "nothing.git");
        await WebhookApi.SetSourceAsync(server, "web", new { url = "file://" + gone });
        await FailsWith(c2, $"cannot reach the source repository file://{gone}");
        Assert.Single((await WebhookApi.GetJsonAsync(server, "/api/apps/web/releases")).EnumerateArray());

        // Put right, the same commit deploys.
        await WebhookApi.SetSourceAsync(server, "web", new { url = srcUrl, credentials = TestServer.Token });
        using var fixedUp = await Accepted(
            hooks.DeliverAsync("gitea", "web", Payloads.GiteaPush("refs/heads/release", Payloads.Zero, c2), Secret)
        );
        Assert.Equal(
            "succeeded",
            Str(await WebhookApi.EndedAsync(server, fixedUp.Headers.Location!.OriginalString), "status")
        );
        Assert.Equal("v2", await server.GetAppTextAsync("web.localhost"));
    }

    [Fact(Timeout = 300_000)]
    public async Task BurstOfFiveDeliveriesDuringABuild_DeploysExactlyTwice_TheSecondTheNewestCommit()
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("burst");
        var source = await SourceRepo.CreateBareAsync(d =>
            SourceRepo.VersionedApp(d, "v1", leanengineYaml: "build: sleep 3\n")
        );
        await WebhookApi.SetSourceAsync(
            server,
            "burst",
            new
            {
                url = source.FileUrl,
                provider = "github",
                secret = Secret,
            }
        );
        using var hooks = new WebhookClient(server);
        var commits = new List<string> { await source.HeadAsync() };

        using var first = await Accepted(
            hooks.DeliverAsync(
                "github",
                "burst",
                Payloads.GitHubPush("refs/heads/main", Payloads.Zero, commits[0]),
                Secret
            )
        );
        var firstDeploy = first.Headers.Location!.OriginalString;
        await Poll.UntilAsync(
            async () =>
                Str(await WebhookApi.GetJsonAsync(server, firstDeploy), "status") == "building" ? firstDeploy : null,
            TimeSpan.FromSeconds(60),
            "the first deploy to be building"
        );
        var followed = WebhookApi.LogAsync(server, firstDeploy, follow: true);

        var answers = new List<JsonElement>();
        for (var v = 2; v <= 5; v++)
        {
            commits.Add(await source.CommitAsync("VERSION", $"v{v}", $"v{v}"));
            (await source.PushAsync("main")).ShouldSucceed();
            using var r = await Accepted(
                hooks.DeliverAsync(
                    "github",
                    "burst",
                    Payloads.GitHubPush("refs/heads/main", commits[^2], commits[^1]),
                    Secret
                )
            );
            answers.Add(await WebhookApi.JsonAsync(r));
        }
        Assert.True(
            Str(await WebhookApi.GetJsonAsync(server, firstDeploy), "status") == "building",
            "precondition: the four later deliveries were meant to arrive while the first build runs"
        );

        var followUp = answers[0].GetProperty("deploy").GetInt64();
        Assert.All(answers, a => Assert.Equal(followUp, a.GetProperty("deploy").GetInt64()));
        Assert.NotEqual(firstDeploy, $"/api/apps/burst/deploys/{followUp}");
        // The second delivery sets up the follow-up deploy; the third to fifth only move it to their commit.
        Assert.Equal([false, true, true, true], answers.Select(a => a.GetProperty("coalesced").GetBoolean()));
        var one = await WebhookApi.EndedAsync(server, firstDeploy);
        var two = await WebhookApi.EndedAsync(server, $"/api/apps/burst/deploys/{followUp}");

        var deploys = await WebhookApi.DeploysAsync(server, "burst");
        Assert.Equal(2, deploys.Count);
        Assert.All(deploys, d => Assert.Equal("webhook", Str(d, "trigger")));
        Assert.Equal(("succeeded", commits[0]), (Str(one, "status"), Str(one, "commitSha")));
        Assert.Equal(("succeeded", commits[4]), (Str(two, "status"), Str(two, "commitSha")));
        Assert.Equal("v5", await server.GetAppTextAsync("burst.localhost"));
        Assert.Equal(commits[4], Str((await WebhookApi.GetJsonAsync(server, "/api/apps/burst/releases"))[0], "commit"));
        var secondLog = await WebhookApi.LogAsync(server, $"/api/apps/burst/deploys/{followUp}");
        Assert.Contains($"Waiting: another deploy of burst is running (deploy #{Str(one, "id")})", secondLog);
        Assert.Contains($"deploying {commits[4][..7]}", secondLog);
        var live = await followed;
        Assert.Contains("-----> Fetching main", live);
        Assert.Contains("is live on production", live);
    }

    [Fact(Timeout = 180_000)]
    public async Task GenericDeployUrl_AnyPostDeploysTheBranchHead_AWrongSecretIs401_AndTheLiveHeadIsNotRebuilt()
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("cd");
        var source = await SourceRepo.CreateBareAsync(d => SourceRepo.VersionedApp(d, "generic"));
        var settings = await WebhookApi.SetSourceAsync(
            server,
            "cd",
            new { url = source.FileUrl, provider = "generic" }
        );
        var url = new Uri(Str(settings, "webhookUrl"));
        Assert.Matches(@"^/webhooks/generic/cd/[0-9a-f]{48}$", url.AbsolutePath);
        using var hooks = new WebhookClient(server);

        using var wrong = await hooks.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, "/webhooks/generic/cd/" + new string('0', 48))
        );
        using var nowhere = await hooks.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, url.PathAndQuery + "?branch=feature")
        );
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, nowhere.StatusCode);
        Assert.Empty(await WebhookApi.DeploysAsync(server, "cd"));

        using var deployed = await Accepted(hooks.SendAsync(new HttpRequestMessage(HttpMethod.Post, url.PathAndQuery)));
        var d1 = await WebhookApi.EndedAsync(server, deployed.Headers.Location!.OriginalString);
        Assert.Equal(("succeeded", await source.HeadAsync()), (Str(d1, "status"), Str(d1, "commitSha")));
        Assert.Equal("generic", await server.GetAppTextAsync("cd.localhost"));

        using var again = await Accepted(
            hooks.SendAsync(
                new HttpRequestMessage(HttpMethod.Post, url.PathAndQuery) { Content = new StringContent("anything") }
            )
        );
        var d2 = await WebhookApi.EndedAsync(server, again.Headers.Location!.OriginalString);
        Assert.Equal("succeeded", Str(d2, "status"));
        Assert.Equal(Str(d1, "tag"), Str(d2, "tag"));
        Assert.Contains(
            "is already live on production",
            await WebhookApi.LogAsync(server, again.Headers.Location!.OriginalString)
        );
        Assert.Single((await WebhookApi.GetJsonAsync(server, "/api/apps/cd/releases")).EnumerateArray());
    }
}
