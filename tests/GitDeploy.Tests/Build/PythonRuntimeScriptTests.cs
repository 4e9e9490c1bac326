using CliWrap;
using CliWrap.Buffered;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Build;

/// <summary>
/// buildpacks/python/bin/runtime against a PYENV_ROOT laid out in the test (links to the real
/// interpreters), so resolution is checked against known sets of installed versions.
/// </summary>
public class PythonRuntimeScriptTests
{
    private static readonly string Script = Path.Combine(
        TestEnvironment.RepoRoot,
        "buildpacks",
        "python",
        "bin",
        "runtime"
    );
    private static readonly string RealRoot =
        Environment.GetEnvironmentVariable("PYENV_ROOT")
        ?? Path.Combine(Environment.GetEnvironmentVariable("HOME")!, ".pyenv");

    private static string FakeRoot(params string[] versions)
    {
        var root = TestEnvironment.TempDir("gd-pyenv");
        var real = Directory
            .EnumerateDirectories(Path.Combine(RealRoot, "versions"))
            .First(d => File.Exists(Path.Combine(d, "bin", "python")));
        foreach (var v in versions)
        {
            Directory.CreateDirectory(Path.Combine(root, "versions", v, "bin"));
            File.CreateSymbolicLink(
                Path.Combine(root, "versions", v, "bin", "python"),
                Path.Combine(real, "bin", "python")
            );
        }
        Directory.CreateDirectory(Path.Combine(root, "versions", "system-like")); // not CPython X.Y.Z: ignored
        return root;
    }

    private static Task<(int Exit, string Output, Dictionary<string, string> Results)> Run(
        string root,
        string? pythonVersionFile
    ) =>
        Run(
            pythonVersionFile is null ? [] : new() { [".python-version"] = pythonVersionFile },
            e => e.Set("PYENV_ROOT", root)
        );

    private static async Task<(int Exit, string Output, Dictionary<string, string> Results)> Run(
        Dictionary<string, string> files,
        Action<CliWrap.Builders.EnvironmentVariablesBuilder> env
    )
    {
        var src = TestEnvironment.TempDir("gd-src");
        foreach (var (name, text) in files)
            File.WriteAllText(Path.Combine(src, name), text);
        var outFile = Path.Combine(src, "out");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var r = await Cli.Wrap(Script)
            .WithArguments([src])
            .WithEnvironmentVariables(e =>
            {
                e.Set("GITDEPLOY_OUTPUT", outFile).Set("GITDEPLOY_PYENV_INSTALL_TIMEOUT", "60");
                env(e);
            })
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(cts.Token);
        var results = File.Exists(outFile)
            ? File.ReadAllLines(outFile).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1])
            : [];
        return (r.ExitCode, r.StandardOutput + r.StandardError, results);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("3.10", "3.10.13")]
    [InlineData("3.10.2", "3.10.2")]
    [InlineData("# a comment\n\n   \n3.11\n", "3.11.7")]
    [InlineData("python-3.10\n", "3.10.13")]
    public async Task VersionFile_ResolvesToTheNewestInstalledMatch(string file, string expected)
    {
        var root = FakeRoot("3.10.2", "3.10.13", "3.11.7", "3.9.18");
        var (exit, output, results) = await Run(root, file);
        Assert.True(exit == 0, output);
        Assert.Equal(expected, results["PYTHON_VERSION"]);
        Assert.Equal(Path.Combine(root, "versions", expected, "bin", "python"), results["PYTHON"]);
    }

    [Fact(Timeout = 60_000)]
    public async Task NoVersionFile_TakesTheNewestStableInstalled()
    {
        var (exit, output, results) = await Run(FakeRoot("3.9.18", "3.12.1", "3.10.13"), null);
        Assert.True(exit == 0, output);
        Assert.Equal("3.12.1", results["PYTHON_VERSION"]);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("3.99")]
    [InlineData("3.10.999")]
    public async Task UnknownVersion_FailsNamingTheInstalledOnes(string wanted)
    {
        var (exit, output, results) = await Run(FakeRoot("3.10.13", "3.11.7"), wanted);
        Assert.Equal(1, exit);
        Assert.Empty(results);
        Assert.Contains($"Python {wanted} cannot be had", output);
        Assert.Contains("Installed: 3.10.13 3.11.7", output);
    }

    [Fact(Timeout = 60_000)]
    public async Task NotAVersion_SaysWhatToWrite()
    {
        var (exit, output, _) = await Run(FakeRoot("3.10.13"), "pypy3.9-7.3\n");
        Assert.Equal(1, exit);
        Assert.Contains("write X.Y or X.Y.Z", output);
    }

    /// <summary>pyenv cannot download here: the install path is taken, pyenv's output shown, and the failure
    /// named.</summary>
    [Fact(Timeout = 90_000)]
    public async Task InstallableButMissingVersion_RunsPyenvInstall()
    {
        var (exit, output, _) = await Run(FakeRoot("3.10.13"), "3.9");
        Assert.Equal(1, exit);
        Assert.Matches(@"Python 3\.9\.\d+ is not installed: pyenv install 3\.9\.\d+", output);
        Assert.Matches(@"pyenv install 3\.9\.\d+ failed: error: failed to download Python-3\.9\.\d+\.tar\.xz", output);
    }
}
