using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Webhooks;

/// <summary>
/// The "hosted" repository a team pushes to: a real bare repository (served over file://, or by a
/// GitDeploy app over HTTP) and a work tree whose pushes go there, as pushes to GitHub would.
/// </summary>
public sealed class SourceRepo
{
    public GitClient Git { get; }
    public string Dir => Git.WorkDir;

    /// <summary>The bare repository, when it is a local one.</summary>
    public string? BarePath { get; }
    public string FileUrl => "file://" + BarePath;

    private SourceRepo(GitClient git, string? barePath) => (Git, BarePath) = (git, barePath);

    /// <summary>A bare repository on disk with <paramref name="writeFiles"/> committed and pushed to main.</summary>
    public static async Task<SourceRepo> CreateBareAsync(Action<string> writeFiles)
    {
        var bare = Path.Combine(TestEnvironment.TempDir("gd-source"), "app.git");
        var git = await GitClient.InitAsync(TestEnvironment.TempDir("gd-work"));
        (await git.RunAsync("init", "-q", "--bare", bare)).ShouldSucceed();
        (await git.RunAsync("remote", "add", "origin", bare)).ShouldSucceed();
        var repo = new SourceRepo(git, bare);
        writeFiles(git.WorkDir);
        await git.CommitAllAsync("initial");
        (await repo.PushAsync("main")).ShouldSucceed();
        return repo;
    }

    /// <summary>A work tree whose origin is a remote URL (e.g. another GitDeploy app); nothing pushed yet.</summary>
    public static async Task<SourceRepo> CreateForRemoteAsync(string remoteUrl, Action<string> writeFiles)
    {
        var git = await GitClient.InitAsync(TestEnvironment.TempDir("gd-work"));
        (await git.RunAsync("remote", "add", "origin", remoteUrl)).ShouldSucceed();
        writeFiles(git.WorkDir);
        await git.CommitAllAsync("initial");
        return new SourceRepo(git, null);
    }

    public Task<GitResult> PushAsync(params string[] refs) => Git.RunAsync(["push", "-q", "origin", .. refs]);

    public async Task<string> HeadAsync(string rev = "HEAD") =>
        (await Git.RunAsync("rev-parse", rev)).ShouldSucceed().Output.Trim();

    /// <summary>Commits a change (not pushed) and returns its id.</summary>
    public async Task<string> CommitAsync(string path, string content, string message)
    {
        SampleApps.Write(Dir, new Dictionary<string, string> { [path] = content });
        await Git.CommitAllAsync(message);
        return await HeadAsync();
    }

    /// <summary>The plain sample app, answering GET / with the contents of VERSION (so a test can see which commit is
    /// live).</summary>
    public static void VersionedApp(string dir, string version = "v1", string? leanengineYaml = null)
    {
        SampleApps.Write(
            dir,
            new Dictionary<string, string>
            {
                ["wsgi.py"] = """
                import os
                def application(environ, start_response):
                    body = open(os.path.join(os.path.dirname(__file__), "VERSION")).read().strip()
                    if environ.get("PATH_INFO") == "/tag":
                        body = os.environ.get("LEANCLOUD_VERSION_TAG", "")
                    start_response("200 OK", [("Content-Type", "text/plain")])
                    return [body.encode()]
                """,
                ["requirements.txt"] = "# no dependencies",
                ["VERSION"] = version,
            }
        );
        if (leanengineYaml is not null)
            SampleApps.Write(dir, new Dictionary<string, string> { ["leanengine.yaml"] = leanengineYaml });
    }
}
