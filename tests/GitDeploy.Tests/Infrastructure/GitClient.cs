using CliWrap;
using CliWrap.Buffered;

namespace GitDeploy.Tests.Infrastructure;

/// <summary>The real git client, isolated from the user's config, never prompting.</summary>
public sealed class GitClient(string workDir)
{
    private readonly string _home = TestEnvironment.TempDir("gd-home");

    public string WorkDir => workDir;

    public async Task<GitResult> RunAsync(params string[] args) => await RunInAsync(workDir, args);

    public async Task<GitResult> RunInAsync(string dir, params string[] args)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var r = await Cli.Wrap("git").WithArguments(args).WithWorkingDirectory(dir)
            .WithEnvironmentVariables(e => e
                .Set("HOME", _home).Set("GIT_CONFIG_NOSYSTEM", "1").Set("GIT_TERMINAL_PROMPT", "0")
                .Set("GIT_AUTHOR_NAME", "Test").Set("GIT_AUTHOR_EMAIL", "test@example.com")
                .Set("GIT_COMMITTER_NAME", "Test").Set("GIT_COMMITTER_EMAIL", "test@example.com"))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(cts.Token);
        return new GitResult(r.ExitCode, r.StandardOutput + r.StandardError);
    }

    public static async Task<GitClient> InitAsync(string dir)
    {
        Directory.CreateDirectory(dir);
        var git = new GitClient(dir);
        (await git.RunAsync("init", "-q", "-b", "main")).ShouldSucceed();
        return git;
    }

    public async Task CommitAllAsync(string message)
    {
        (await RunAsync("add", "-A")).ShouldSucceed();
        (await RunAsync("commit", "-q", "--allow-empty", "-m", message)).ShouldSucceed();
    }
}
