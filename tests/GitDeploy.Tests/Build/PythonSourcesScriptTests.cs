using CliWrap;
using CliWrap.Buffered;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Build;

/// <summary>
/// buildpacks/python/bin/runtime beyond .python-version with pyenv: the deprecated runtime.txt, a
/// server without pyenv (interpreters on PATH), and a pyenv install that hangs.
/// </summary>
public class PythonSourcesScriptTests
{
    private static readonly string Script = Path.Combine(
        TestEnvironment.RepoRoot,
        "buildpacks",
        "python",
        "bin",
        "runtime"
    );
    private static readonly string PyenvRoot =
        Environment.GetEnvironmentVariable("PYENV_ROOT")
        ?? Path.Combine(Environment.GetEnvironmentVariable("HOME")!, ".pyenv");

    private static string Real(string version) => Path.Combine(PyenvRoot, "versions", version, "bin", "python");

    /// <summary>A PATH with the tools a script needs and no pyenv: /usr/bin and /bin, plus <paramref name="first"/> in
    /// front.</summary>
    private static string PathWithoutPyenv(string first) => $"{first}:/usr/bin:/bin";

    private static async Task<(int Exit, string Output, Dictionary<string, string> Results)> Run(
        Dictionary<string, string> files,
        Dictionary<string, string?> env
    )
    {
        var src = TestEnvironment.TempDir("gd-src");
        foreach (var (name, text) in files)
            File.WriteAllText(Path.Combine(src, name), text);
        var outFile = Path.Combine(src, "out");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var r = await Cli.Wrap(Script)
            .WithArguments([src])
            .WithEnvironmentVariables(e =>
            {
                e.Set("GITDEPLOY_OUTPUT", outFile);
                foreach (var (k, v) in env)
                    e.Set(k, v);
            })
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(cts.Token);
        var results = File.Exists(outFile)
            ? File.ReadAllLines(outFile).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1])
            : [];
        return (r.ExitCode, r.StandardOutput + r.StandardError, results);
    }

    [Fact(Timeout = 60_000)]
    public async Task RuntimeTxt_IsAcceptedWithADeprecationWarning_WhenThereIsNoPythonVersion()
    {
        var (exit, output, results) = await Run(
            new() { ["runtime.txt"] = "python-3.10.13\n" },
            new() { ["PYENV_ROOT"] = PyenvRoot }
        );

        Assert.True(exit == 0, output);
        Assert.Equal("3.10.13", results["PYTHON_VERSION"]);
        Assert.Contains("runtime.txt asks for python-3.10.13", output);
        Assert.Contains(
            "warning: runtime.txt is deprecated (Cloud Engine's pre-2017 "
                + "format); write 3.10.13 in .python-version instead",
            output
        );
    }

    [Fact(Timeout = 60_000)]
    public async Task PythonVersion_WinsOverRuntimeTxt()
    {
        var (exit, output, results) = await Run(
            new() { ["runtime.txt"] = "python-3.10.13\n", [".python-version"] = "3.11\n" },
            new() { ["PYENV_ROOT"] = PyenvRoot }
        );

        Assert.True(exit == 0, output);
        Assert.Equal("3.11.7", results["PYTHON_VERSION"]);
        Assert.Contains("runtime.txt ignored", output);
        Assert.DoesNotContain("deprecated", output);
    }

    [Fact(Timeout = 60_000)]
    public async Task WithoutPyenv_UsesThePython3XOnPath_AndWarns()
    {
        var bin = TestEnvironment.TempDir("gd-bin");
        File.CreateSymbolicLink(Path.Combine(bin, "python3.12"), Real("3.12.1"));
        File.CreateSymbolicLink(Path.Combine(bin, "python3.10"), Real("3.10.13"));
        var env = new Dictionary<string, string?>
        {
            ["PATH"] = PathWithoutPyenv(bin),
            ["PYENV_ROOT"] = null,
            ["HOME"] = TestEnvironment.TempDir("gd-home"),
        };

        var (exit, output, results) = await Run(new() { [".python-version"] = "3.12\n" }, env);

        Assert.True(exit == 0, output);
        Assert.Contains("warning: pyenv not found", output);
        Assert.Contains("python3.12 (3.12.1)", output);
        Assert.Equal("3.12.1", results["PYTHON_VERSION"]);
        Assert.Equal(Path.Combine(bin, "python3.12"), results["PYTHON"]);
    }

    [Fact(Timeout = 60_000)]
    public async Task WithoutPyenv_AVersionNotOnPath_FailsListingTheOnesThatAre()
    {
        var bin = TestEnvironment.TempDir("gd-bin");
        File.CreateSymbolicLink(Path.Combine(bin, "python3.10"), Real("3.10.13"));
        var env = new Dictionary<string, string?>
        {
            ["PATH"] = PathWithoutPyenv(bin),
            ["PYENV_ROOT"] = null,
            ["HOME"] = TestEnvironment.TempDir("gd-home"),
        };

        var (exit, output, results) = await Run(new() { [".python-version"] = "3.9\n" }, env);

        Assert.Equal(1, exit);
        Assert.Empty(results);
        Assert.Contains("Python 3.9 cannot be had on this server", output);
        Assert.Contains("3.10.13", output.Split("Installed:")[1]);
    }

    /// <summary>A pyenv that knows 3.9.99 and takes forever to install it: the install is stopped and the cause
    /// named.</summary>
    [Fact(Timeout = 60_000)]
    public async Task PyenvInstallThatHangs_IsStoppedAtItsTimeout_AndSaysSo()
    {
        var bin = TestEnvironment.TempDir("gd-bin");
        var root = TestEnvironment.TempDir("gd-pyenv");
        Directory.CreateDirectory(Path.Combine(root, "versions"));
        File.WriteAllText(
            Path.Combine(bin, "pyenv"),
            """
            #!/bin/sh
            case "$1" in
              root) echo "$PYENV_ROOT" ;;
              install)
                if [ "$2" = "--list" ]; then echo "  3.9.99"
                else echo "Downloading Python-3.9.99.tar.xz..."; exec sleep 300; fi ;;
            esac
            """
        );
        File.SetUnixFileMode(Path.Combine(bin, "pyenv"), (UnixFileMode)0b111_101_101);
        var env = new Dictionary<string, string?>
        {
            ["PATH"] = PathWithoutPyenv(bin),
            ["PYENV_ROOT"] = root,
            ["GITDEPLOY_PYENV_INSTALL_TIMEOUT"] = "2",
        };

        var (exit, output, _) = await Run(new() { [".python-version"] = "3.9\n" }, env);

        Assert.Equal(1, exit);
        Assert.Contains("Python 3.9.99 is not installed: pyenv install 3.9.99", output);
        Assert.Contains("Downloading Python-3.9.99.tar.xz...", output);
        Assert.Contains("pyenv install 3.9.99 failed: timed out after 2 s", output);
    }
}
