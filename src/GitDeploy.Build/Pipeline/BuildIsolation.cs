using GitDeploy.Isolation;

namespace GitDeploy.Build.Pipeline;

/// <summary>
/// The sandbox of one build: every command that runs the app's code (its install and build steps,
/// pip, the environment's interpreter) runs as the app's user in a view holding only this build's
/// directories, one cgroup for the whole build. The buildpack's own detect, runtime and release
/// scripts and apt-get are the platform's code and run as the server.
/// </summary>
public sealed class BuildIsolation
{
    private readonly Sandbox _sandbox;
    private readonly BuildRequest _request;
    private readonly List<string> _shared;

    public BuildIsolation(Sandbox sandbox, BuildRequest request, string buildpacksRoot, string? pipCache)
    {
        _sandbox = sandbox;
        _request = request;
        Cgroup = sandbox.CreateCgroup(View([], []));
        _shared = [request.WorkDir, .. pipCache is null ? Array.Empty<string>() : [pipCache]];
        ReadOnlyShared = [buildpacksRoot, .. PipPaths()];
    }

    public Cgroup? Cgroup { get; }

    /// <summary>The HOME and TMPDIR of a build's steps, in its scratch space (the app's user has no home here).</summary>
    public static string Home(BuildRequest request) => Path.Combine(request.WorkDir, "home");
    public static string Tmp(BuildRequest request) => Path.Combine(request.WorkDir, "tmp");
    public int? Uid => _request.Uid;
    public Sandbox Sandbox => _sandbox;
    private IReadOnlyList<string> ReadOnlyShared { get; }

    /// <summary>Install: a new environment to write, the source to read (manifests are copied to the work directory).</summary>
    public SandboxView Install(string envDir) =>
        View([envDir, .. _shared], [_request.SourceDir, .. ReadOnlyShared]);

    /// <summary>Build steps: the source to write, the finished environment to read.</summary>
    public SandboxView Build(string envDir) =>
        View([_request.SourceDir, .. _shared], [envDir, .. ReadOnlyShared]);

    /// <summary>Checking a cached environment runs its interpreter: the app's code (.pth files) as much as any.</summary>
    public SandboxView Check(string envDir) => View([_request.WorkDir], [envDir]);

    private SandboxView View(IReadOnlyList<string> writable, IReadOnlyList<string> readOnly) => new()
    {
        Name = $"build.{_request.App}.{Path.GetFileName(_request.WorkDir)}",
        Uid = _request.Uid,
        Writable = writable,
        ReadOnly = readOnly,
        Limits = _sandbox.Options.Build,
    };

    /// <summary>Local paths the server's PIP_* settings point pip at (a wheelhouse, a config or CA file).</summary>
    private static IEnumerable<string> PipPaths()
    {
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            if (!((string)e.Key).StartsWith("PIP_", StringComparison.Ordinal) || e.Value is not string value) continue;
            foreach (var word in value.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
            {
                var path = word.StartsWith("file://", StringComparison.Ordinal) ? word["file://".Length..] : word;
                if (Path.IsPathRooted(path) && (Directory.Exists(path) || File.Exists(path))) yield return path;
            }
        }
    }
}
