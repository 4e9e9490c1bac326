namespace GitDeploy.Isolation;

/// <summary>How apps are isolated from the server and from each other.</summary>
public sealed class SandboxOptions
{
    /// <summary>Off only on machines without bubblewrap: apps then run as the server's user and see what it
    /// sees.</summary>
    public bool Enabled { get; set; } = true;
    public string Bwrap { get; set; } = "bwrap";
    /// <summary>App N runs as uid/gid <c>UidBase + N</c> (a server running as root); above the usual subuid
    /// ranges.</summary>
    public int UidBase { get; set; } = 200_000;
    public ResourceLimits Instance { get; set; } = ResourceLimits.InstanceDefaults;
    public ResourceLimits Build { get; set; } = ResourceLimits.BuildDefaults;
    /// <summary>Interpreters and tools outside /usr that apps may read (pyenv's root by default).</summary>
    public List<string> RuntimePaths { get; set; } = DefaultRuntimePaths();
    /// <summary>Names this server's cgroups apart from another server's on the same machine.</summary>
    public string CgroupName { get; set; } = "gitdeploy";

    public static List<string> DefaultRuntimePaths()
    {
        var paths = new List<string>();
        var pyenv = Environment.GetEnvironmentVariable("PYENV_ROOT");
        if (string.IsNullOrEmpty(pyenv))
            pyenv = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".pyenv");
        if (Directory.Exists(pyenv)) paths.Add(Path.GetFullPath(pyenv));
        return paths;
    }
}
