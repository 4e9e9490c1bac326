using GitDeploy.Isolation;

namespace GitDeploy.Build.Pipeline;

/// <summary>
/// The sandbox of one build: every command that runs the app's code (its install and build steps,
/// the installer, the environment's check) runs as the app's user in a view holding only this
/// build's directories, one cgroup for the whole build. The buildpack's own detect, runtime and
/// release scripts and apt-get are the platform's code and run as the server.
/// </summary>
public sealed class BuildIsolation
{
    private readonly Sandbox _sandbox;
    private readonly BuildRequest _request;
    private readonly string _buildpacksRoot;
    private List<string> _shared;

    public BuildIsolation(Sandbox sandbox, BuildRequest request, string buildpacksRoot)
    {
        _sandbox = sandbox;
        _request = request;
        _buildpacksRoot = buildpacksRoot;
        Cgroup = sandbox.CreateCgroup(View([], []));
        _shared = [request.WorkDir];
        ReadOnlyShared = [buildpacksRoot];
    }

    /// <summary>
    /// What the buildpack declared before anything of the app runs: its per-app caches (writable)
    /// and the prefixes of the server's variables that configure its tool (local paths they name,
    /// a wheelhouse, a config or CA file, readable).
    /// </summary>
    public void Use(IReadOnlyList<string> caches, IReadOnlyList<string> settingPrefixes)
    {
        _shared = [_request.WorkDir, .. caches];
        ReadOnlyShared = [_buildpacksRoot, .. SettingPaths(settingPrefixes)];
    }

    public Cgroup? Cgroup { get; }

    /// <summary>The HOME and TMPDIR of a build's steps, in its scratch space (the app's user has no home
    /// here).</summary>
    public static string Home(BuildRequest request) => Path.Combine(request.WorkDir, "home");
    public static string Tmp(BuildRequest request) => Path.Combine(request.WorkDir, "tmp");
    public int? Uid => _request.Uid;
    public Sandbox Sandbox => _sandbox;
    private IReadOnlyList<string> ReadOnlyShared { get; set; }

    /// <summary>Install: a new environment to write, the source to read (its dependency files are copied).</summary>
    public SandboxView Install(string envDir) =>
        View([envDir, .. _shared], [_request.SourceDir, .. ReadOnlyShared]);

    /// <summary>Build steps: the source to write, the finished environment to read.</summary>
    public SandboxView Build(string envDir) =>
        View([_request.SourceDir, .. _shared], [envDir, .. ReadOnlyShared]);

    /// <summary>The buildpack's check of a cached environment may run its interpreter: app code (.pth files).</summary>
    public SandboxView Check(string envDir) => View([_request.WorkDir], [envDir, _buildpacksRoot]);

    private SandboxView View(IReadOnlyList<string> writable, IReadOnlyList<string> readOnly) => new()
    {
        Name = $"build.{_request.App}.{Path.GetFileName(_request.WorkDir)}",
        Uid = _request.Uid,
        Writable = writable,
        ReadOnly = readOnly,
        Limits = _sandbox.Options.Build,
    };

    /// <summary>Local paths the server's variables with these prefixes point the tool at.</summary>
    private static IEnumerable<string> SettingPaths(IReadOnlyList<string> prefixes)
    {
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            var key = (string)e.Key;
            if (!prefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal))) continue;
            if (e.Value is not string value) continue;
            foreach (var word in value.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
            {
                var path = word.StartsWith("file://", StringComparison.Ordinal) ? word["file://".Length..] : word;
                if (Path.IsPathRooted(path) && (Directory.Exists(path) || File.Exists(path))) yield return path;
            }
        }
    }
}
