namespace GitDeploy.Tests.Infrastructure;

/// <summary>A developer's work tree with a remote "engine" pointing at a test server's app.</summary>
public sealed class AppRepo
{
    public GitClient Git { get; }
    public string Dir => Git.WorkDir;

    private AppRepo(GitClient git) => Git = git;

    public static async Task<AppRepo> CreateAsync(
        TestServer server,
        string app,
        Action<string> writeFiles,
        bool createApp = true
    )
    {
        if (createApp)
            await server.CreateAppAsync(app);
        var git = await GitClient.InitAsync(TestEnvironment.TempDir("gd-work"));
        (await git.RunAsync("remote", "add", "engine", server.GitUrl(app))).ShouldSucceed();
        writeFiles(git.WorkDir);
        await git.CommitAllAsync("initial");
        return new AppRepo(git);
    }

    public Task<GitResult> PushAsync(params string[] extra) =>
        Git.RunAsync(["push", "engine", .. (extra.Length == 0 ? ["main"] : extra)]);

    public async Task ChangeAsync(string path, string content, string message = "change")
    {
        SampleApps.Write(Dir, new Dictionary<string, string> { [path] = content });
        await Git.CommitAllAsync(message);
    }
}
