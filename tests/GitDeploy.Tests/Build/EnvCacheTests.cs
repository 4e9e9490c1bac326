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

        EnvCache.Complete(dir);
        Assert.Equal(dir, cache.Find(key));

        var half = cache.NewEntry(EnvCache.Key(["other"]));
        Assert.Equal(1, cache.SweepIncomplete());
        Assert.False(Directory.Exists(half));
        Assert.True(Directory.Exists(dir));
        Directory.Delete(root, true);
    }

    [Fact]
    public void Key_DependsOnEveryPartAndItsBoundaries()
    {
        Assert.Equal(EnvCache.Key(["a", "b"]), EnvCache.Key(["a", "b"]));
        Assert.NotEqual(EnvCache.Key(["a", "b"]), EnvCache.Key(["ab", ""]));
        Assert.NotEqual(EnvCache.Key(["a", "b"]), EnvCache.Key(["a", "c"]));
    }
}
