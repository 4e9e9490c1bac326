using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Git;

/// <summary>The smart-HTTP endpoint with the real git client and raw HTTP: protocol, limits, refusals.</summary>
public class GitEndpointTests
{
    private static async Task<(TestServer Server, AppRepo Repo)> RepoWithHistoryAsync(string app)
    {
        var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            app,
            dir => File.WriteAllText(Path.Combine(dir, "README"), "one\n")
        );
        for (var i = 2; i <= 3; i++)
            await repo.ChangeAsync("README", $"{i}\n", $"commit {i}");
        (await repo.PushAsync("HEAD:refs/heads/history")).ShouldSucceed();
        return (server, repo);
    }

    [Fact(Timeout = 60_000)]
    public async Task EmptyRepo_CanBeClonedAndPushedInto()
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("empty");
        var dir = TestEnvironment.TempDir("gd-clone");
        var git = new GitClient(dir);

        var clone = (await git.RunAsync("clone", server.GitUrl("empty"), "c")).ShouldSucceed();

        Assert.Contains("You appear to have cloned an empty repository", clone.Output);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("0")]
    [InlineData("2")]
    public async Task CloneAndFetch_WorkWithProtocolVersion(string version)
    {
        var (server, repo) = await RepoWithHistoryAsync("proto" + version);
        await using var _ = server;
        var git = new GitClient(TestEnvironment.TempDir("gd-clone"));

        (
            await git.RunAsync(
                "-c",
                $"protocol.version={version}",
                "clone",
                "-q",
                "--branch",
                "history",
                server.GitUrl("proto" + version),
                "c"
            )
        ).ShouldSucceed();
        var clone = Path.Combine(git.WorkDir, "c");
        Assert.Equal("3\n", File.ReadAllText(Path.Combine(clone, "README")));

        await repo.ChangeAsync("README", "4\n", "commit 4");
        (await repo.PushAsync("HEAD:refs/heads/history")).ShouldSucceed();
        var fetch = (
            await git.RunInAsync(
                clone,
                "-c",
                $"protocol.version={version}",
                "-c",
                "trace2.eventTarget=",
                "fetch",
                "-v",
                "origin"
            )
        ).ShouldSucceed();
        Assert.Contains("history", fetch.Output);
        var log = (await git.RunInAsync(clone, "log", "--oneline", "origin/history")).ShouldSucceed();
        Assert.Contains("commit 4", log.Output);
    }

    [Fact(Timeout = 60_000)]
    public async Task ShallowClone_ThenDeepen()
    {
        var (server, _) = await RepoWithHistoryAsync("shallow");
        await using var __ = server;
        var git = new GitClient(TestEnvironment.TempDir("gd-clone"));

        (
            await git.RunAsync("clone", "-q", "--depth", "1", "--branch", "history", server.GitUrl("shallow"), "c")
        ).ShouldSucceed();
        var clone = Path.Combine(git.WorkDir, "c");
        Assert.Equal("1", (await git.RunInAsync(clone, "rev-list", "--count", "HEAD")).Output.Trim());
        (await git.RunInAsync(clone, "fetch", "-q", "--unshallow")).ShouldSucceed();
        Assert.Equal("3", (await git.RunInAsync(clone, "rev-list", "--count", "HEAD")).Output.Trim());
    }

    [Fact(Timeout = 300_000)]
    public async Task Push_Of50MBOfHistory_IsStreamedAndStored()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "bulk",
            dir => File.WriteAllText(Path.Combine(dir, "README"), "bulk\n")
        );
        for (var i = 0; i < 5; i++)
        {
            await File.WriteAllBytesAsync(
                Path.Combine(repo.Dir, $"blob{i}.bin"),
                RandomNumberGenerator.GetBytes(10 * 1024 * 1024)
            );
            await repo.Git.CommitAllAsync($"10 MB #{i}");
        }

        var push = (await repo.PushAsync("HEAD:refs/heads/bulk")).ShouldSucceed();

        Assert.Contains("Branch bulk stored; it deploys nowhere", push.Output);
        var local = (await repo.Git.RunAsync("rev-parse", "HEAD")).Output.Trim();
        var remote = (await repo.Git.RunAsync("ls-remote", "engine", "refs/heads/bulk")).Output.Split('\t')[0];
        Assert.Equal(local, remote);
    }

    [Fact(Timeout = 60_000)]
    public async Task InfoRefs_HasTheExactContentTypeAndNoCacheHeaders()
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("headers");

        using var r = await server.Http.GetAsync("/headers.git/info/refs?service=git-upload-pack");

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("application/x-git-upload-pack-advertisement", r.Content.Headers.ContentType!.ToString());
        Assert.Equal("no-cache, max-age=0, must-revalidate", r.Headers.NonValidated["Cache-Control"].ToString());
        Assert.Contains("no-cache", r.Headers.Pragma.ToString());
        Assert.Equal("Fri, 01 Jan 1980 00:00:00 GMT", r.Content.Headers.GetValues("Expires").Single());
        var body = await r.Content.ReadAsStringAsync();
        Assert.StartsWith("001e# service=git-upload-pack\n0000", body);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("/headers.git/info/refs", 403)] // dumb HTTP
    [InlineData("/headers.git/info/refs?service=git-annex", 403)] // unknown service
    [InlineData("/headers.git/HEAD", 403)] // dumb HTTP object access
    [InlineData("/nosuchapp.git/info/refs?service=git-upload-pack", 404)]
    [InlineData("/Bad_Name.git/info/refs?service=git-upload-pack", 404)]
    [InlineData("/..%2F..%2Fetc.git/info/refs?service=git-upload-pack", 404)]
    public async Task Refusals_HaveClearStatusCodes(string path, int status)
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("headers");

        using var r = await server.Http.GetAsync(path);

        Assert.Equal(status, (int)r.StatusCode);
        Assert.NotEmpty(await r.Content.ReadAsStringAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task Post_WithWrongContentType_Is415()
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("ctype");

        using var r = await server.Http.PostAsync(
            "/ctype.git/git-upload-pack",
            new StringContent("0000", Encoding.ASCII, "text/plain")
        );

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, r.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task GzipRequestBodies_AreInflated_AndCorruptOnesAre400()
    {
        var (server, repo) = await RepoWithHistoryAsync("gzip");
        await using var _ = server;
        var head = (await repo.Git.RunAsync("rev-parse", "HEAD")).Output.Trim();
        var request =
            Encoding.ASCII.GetString(GitDeploy.Git.GitHttp.PktLine.Encode($"want {head}\n"))
            + "0000"
            + Encoding.ASCII.GetString(GitDeploy.Git.GitHttp.PktLine.Encode("done\n"));

        var gz = new MemoryStream();
        using (var z = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
            z.Write(Encoding.ASCII.GetBytes(request));
        using var good = await PostPack(server, gz.ToArray());
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal("application/x-git-upload-pack-result", good.Content.Headers.ContentType!.ToString());
        var body = await good.Content.ReadAsByteArrayAsync();
        Assert.Contains("PACK", Encoding.ASCII.GetString(body));

        using var corrupt = await PostPack(server, [0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        Assert.Equal(HttpStatusCode.BadRequest, corrupt.StatusCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task GzipBodyInflatingPastTheCap_Is413NamingIt()
    {
        var (server, repo) = await RepoWithHistoryAsync("gzip");
        await using var _ = server;
        var head = (await repo.Git.RunAsync("rev-parse", "HEAD")).Output.Trim();
        var want = GitDeploy.Git.GitHttp.PktLine.Encode($"want {head}\n");
        var cap = new GitDeploy.Git.GitHttp.GitHttpOptions().MaxInflatedRequestBytes;

        // Wants without end, so git keeps reading: the cap, not git, ends the request.
        var gz = new MemoryStream();
        using (var z = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true))
            for (long written = 0; written <= cap; written += want.Length)
                z.Write(want);
        using var r = await PostPack(server, gz.ToArray());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        Assert.Contains($"larger than the limit of {cap} bytes", await r.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> PostPack(TestServer server, byte[] gzipped)
    {
        var content = new ByteArrayContent(gzipped);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-git-upload-pack-request");
        content.Headers.ContentEncoding.Add("gzip");
        return await server.Http.PostAsync("/gzip.git/git-upload-pack", content);
    }
}
