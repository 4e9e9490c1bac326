namespace GitDeploy.Tests.Infrastructure;

/// <summary>Finds processes by their environment: every instance runs with HOME inside the test's data
/// directory.</summary>
public static class Processes
{
    /// <summary>The processes whose HOME is exactly <paramref name="home"/> (an instance's, sandbox plumbing
    /// included).</summary>
    public static IReadOnlyList<int> WithHome(string home) =>
        WithHomeUnder(home).Where(pid => HomeOf(pid) == home).ToList();

    public static string? HomeOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/environ")
                .Split('\0')
                .FirstOrDefault(v => v.StartsWith("HOME=", StringComparison.Ordinal))
                ?[5..];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Host pids of the build processes of the server on <paramref name="data"/> whose command line is
    /// <paramref name="argv"/> (a build's own pids are its sandbox's, so the test finds them from outside).
    /// </summary>
    public static IReadOnlyList<int> BuildProcesses(string data, params string[] argv)
    {
        var found = new List<int>();
        var cmdline = string.Join('\0', argv) + "\0";
        foreach (var p in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(p), out var pid))
                continue;
            try
            {
                if (
                    File.ReadAllText(Path.Combine(p, "cmdline")) == cmdline
                    && Alive(pid)
                    && File.ReadAllText(Path.Combine(p, "environ"))
                        .Split('\0')
                        .Contains("GITDEPLOY_BUILD_OWNER=" + data)
                )
                    found.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return found;
    }

    public static IReadOnlyList<int> WithHomeUnder(string dir)
    {
        var found = new List<int>();
        foreach (var p in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(p), out var pid))
                continue;
            try
            {
                var env = File.ReadAllText(Path.Combine(p, "environ"));
                if (env.Split('\0').Any(v => v.StartsWith("HOME=" + dir, StringComparison.Ordinal)))
                    found.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return found;
    }

    public static bool Alive(int pid) =>
        Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ");
}
