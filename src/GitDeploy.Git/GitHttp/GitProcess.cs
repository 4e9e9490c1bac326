using CliWrap;

namespace GitDeploy.Git.GitHttp;

/// <summary>How the endpoints run git: <see cref="GitEnvironment"/> with HOME at the git home.</summary>
internal static class GitProcess
{
    public static Dictionary<string, string?> BaseEnvironment(GitHttpOptions options) =>
        GitEnvironment.Base(options.GitHome);

    public static Command Command(
        GitHttpOptions options,
        GitService service,
        bool advertise,
        string repoPath,
        IReadOnlyDictionary<string, string?> env
    )
    {
        // Repositories made before partial clones were served lack this setting: the lazy fetch of a
        // v0 partial clone asks for blobs by id.
        var args =
            service == GitService.UploadPack
                ? new List<string> { "-c", "uploadpack.allowFilter=true", "-c", "uploadpack.allowAnySHA1InWant=true" }
                : [];
        args.AddRange([service.Verb(), "--stateless-rpc"]);
        if (advertise)
            args.Add("--advertise-refs");
        args.Add(repoPath);
        return Cli.Wrap(options.GitExecutable)
            .WithArguments(args)
            .WithEnvironmentVariables(env)
            .WithValidation(CommandResultValidation.None);
    }
}
