namespace GitDeploy.Tests.Infrastructure;

/// <summary>Finds processes by their environment: every instance runs with HOME inside the test's data directory.</summary>
public static class Processes
{
    public static IReadOnlyList<int> WithHomeUnder(string dir)
    {
        var found = new List<int>();
        foreach (var p in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(p), out var pid)) continue;
            try
            {
                var env = File.ReadAllText(Path.Combine(p, "environ"));
                if (env.Split('\0').Any(v => v.StartsWith("HOME=" + dir, StringComparison.Ordinal))) found.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return found;
    }

    public static bool Alive(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ");
}
