namespace GitDeploy.Swarm;

/// <summary>
/// The Python a release's virtualenv was made with (its <c>pyvenv.cfg</c> <c>home</c>), whose whole
/// prefix goes into the image at the same path: the virtualenv points at it by absolute path, and a
/// node has no pyenv. Its test suite, Tk and static library are left out (about half its size).
/// </summary>
public sealed record Interpreter(string Prefix, string Python)
{
    /// <summary>The interpreter of the virtualenv inside the release's dependency environment.</summary>
    public static (Interpreter? Found, string? Error) Of(string environmentDir)
    {
        var cfg = Directory.Exists(environmentDir)
            ? Directory
                .EnumerateFiles(
                    environmentDir,
                    "pyvenv.cfg",
                    new EnumerationOptions { MaxRecursionDepth = 1, RecurseSubdirectories = true }
                )
                .FirstOrDefault()
            : null;
        if (cfg is null)
            return (
                null,
                $"the release's environment {environmentDir} holds no virtualenv (pyvenv.cfg): the swarm target "
                    + "packages Python releases only; deploy this app on the local "
                    + "target (gitdeploy apps set APP --target local)"
            );
        var virtualEnv = Path.GetDirectoryName(cfg)!;
        var home = File.ReadLines(cfg)
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2 && p[0].Trim() == "home")
            .Select(p => p[1].Trim())
            .FirstOrDefault();
        if (home is null || Path.GetDirectoryName(home.TrimEnd('/')) is not { } prefix)
            return (null, $"{cfg} names no interpreter (home = …)");
        var python = new[] { "python3", "python" }
            .Select(n => Path.Combine(prefix, "bin", n))
            .FirstOrDefault(File.Exists);
        return python is null
            ? (null, $"the interpreter {prefix} of {virtualEnv} is gone (no bin/python3)")
            : (new(prefix, python), null);
    }

    private static readonly string[] Unneeded =
    [
        "test",
        "idlelib",
        "tkinter",
        "turtledemo",
        "ensurepip",
        "lib2to3/tests",
    ];

    /// <summary>Paths of the prefix left out of the image, relative to it.</summary>
    public static bool Skip(string relative)
    {
        if (relative.EndsWith(".a", StringComparison.Ordinal))
            return true;
        var parts = relative.Split('/');
        if (parts.Length < 3 || parts[0] != "lib" || !parts[1].StartsWith("python", StringComparison.Ordinal))
            return false;
        var inside = string.Join('/', parts.Skip(2));
        return Unneeded.Any(u => inside == u || inside.StartsWith(u + "/", StringComparison.Ordinal));
    }
}
