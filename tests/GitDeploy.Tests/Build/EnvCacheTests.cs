using GitDeploy.Build.Cache;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Build;

public class EnvCacheTests
{
    [Fact]
    public void AnEntryIsFoundOnlyOnceComplete_AndHalfBuiltOnesAreSwept()
    {
        var root = TestEnvironment.TempDir("gd-envs");
        var cache = new EnvCache(root);
        var key = EnvCache.Key(["3.10.13", "flask"]);
        var dir = cache.NewEntry(key);
        Assert.Null(cache.Find(key));

        cache.Complete(dir);
        Assert.Equal(dir, cache.Find(key));

        var half = cache.NewEntry(EnvCache.Key(["other"]));
        Assert.Equal(1, cache.SweepIncomplete());
        Assert.False(Directory.Exists(half));
        Assert.True(Directory.Exists(dir));
        Directory.Delete(root, true);
    }

    [Fact]
    public void ACompleteEntry_IsDamagedOnceItsFilesChange_ButNotByPythonBytecode()
    {
        var cache = new EnvCache(TestEnvironment.TempDir("gd-envs"));
        var dir = cache.NewEntry(EnvCache.Key(["x"]));
        var module = Path.Combine(dir, "venv", "lib", "site-packages", "flask", "__init__.py");
        Directory.CreateDirectory(Path.GetDirectoryName(module)!);
        File.WriteAllText(module, "import sys\n");
        cache.Complete(dir);
        Assert.Null(EnvCache.Damage(dir));

        // An app importing the module writes bytecode beside it: that is use, not damage.
        Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(module)!, "__pycache__"));
        File.WriteAllText(
            Path.Combine(Path.GetDirectoryName(module)!, "__pycache__", "__init__.cpython-312.pyc"),
            "bytecode"
        );
        Assert.Null(EnvCache.Damage(dir));

        File.WriteAllText(module, "");
        Assert.Equal("its files changed since it was built", EnvCache.Damage(dir));
        EnvCache.Invalidate(dir);
        Assert.Null(cache.Find(EnvCache.Key(["x"])));
    }

    [Theory(Timeout = 30_000)]
    [InlineData(
        "#!/bin/sh\necho 'cannot import encodings' >&2\nexit 3\n",
        true,
        "venv/bin/python exits 3: cannot import encodings"
    )]
    [InlineData("#!/bin/sh\necho False\n", true, "venv/bin/python is not a virtualenv's")]
    [InlineData("not a program", false, "venv/bin/python does not run: ")]
    public async Task AnEntryWhosePythonDoesNotRunAsAVirtualenv_IsNotReused(
        string python,
        bool executable,
        string problem
    )
    {
        var cache = new EnvCache(TestEnvironment.TempDir("gd-envs"));
        var dir = cache.NewEntry(EnvCache.Key(["y"]));
        var path = Path.Combine(dir, "venv", "bin", "python");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, python);
        if (executable)
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        cache.Complete(dir);

        var check = Path.Combine(TestEnvironment.RepoRoot, "buildpacks", "python", "bin", "check");
        Assert.StartsWith(problem, await EnvCheck.ProblemAsync(dir, CancellationToken.None, check: check));
    }

    [Fact]
    public void Key_DependsOnEveryPartAndItsBoundaries()
    {
        Assert.Equal(EnvCache.Key(["a", "b"]), EnvCache.Key(["a", "b"]));
        Assert.NotEqual(EnvCache.Key(["a", "b"]), EnvCache.Key(["ab", ""]));
        Assert.NotEqual(EnvCache.Key(["a", "b"]), EnvCache.Key(["a", "c"]));
    }
}
