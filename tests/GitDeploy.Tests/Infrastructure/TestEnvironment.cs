using System.Runtime.CompilerServices;

namespace GitDeploy.Tests.Infrastructure;

/// <summary>
/// Process-wide test settings: builds honour the server's PIP_* environment, so pip is pointed at the
/// offline wheelhouse when there is one (GITDEPLOY_TEST_WHEELHOUSE, by default ../shared/wheelhouse
/// beside the repository), and otherwise uses its own index.
/// </summary>
public static class TestEnvironment
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Wheelhouse { get; } =
        Path.GetFullPath(
            Environment.GetEnvironmentVariable("GITDEPLOY_TEST_WHEELHOUSE") is { Length: > 0 } w
                ? w
                : Path.Combine(RepoRoot, "..", "shared", "wheelhouse")
        );

    [ModuleInitializer]
    public static void Init()
    {
        // Without a wheelhouse pip uses its own index (tests/run has checked that it answers).
        if (Directory.Exists(Wheelhouse))
        {
            Environment.SetEnvironmentVariable("PIP_NO_INDEX", "1");
            Environment.SetEnvironmentVariable("PIP_FIND_LINKS", Wheelhouse);
        }
        Environment.SetEnvironmentVariable("PIP_DISABLE_PIP_VERSION_CHECK", "1");
        Environment.SetEnvironmentVariable("GIT_TERMINAL_PROMPT", "0");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteTempDirs();
    }

    private static readonly System.Collections.Concurrent.ConcurrentBag<string> Created = [];

    private static void DeleteTempDirs()
    {
        foreach (var dir in Created)
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
    }

    /// <summary>A fresh directory, deleted when the test run ends.</summary>
    public static string TempDir(string prefix = "gd-test")
    {
        var dir = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)]);
        Directory.CreateDirectory(dir);
        Created.Add(dir);
        return dir;
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GitDeploy.sln")))
            dir = dir.Parent;
        return dir?.FullName
            ?? throw new InvalidOperationException("GitDeploy.sln not found above " + AppContext.BaseDirectory);
    }
}
