using System.Security.Cryptography;
using GitDeploy.State;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.State;

public class SecretBoxTests
{
    [Fact(Timeout = 10_000)]
    public async Task Seal_UsesAFreshNonce_OpensOnlyWithItsKey_AndDetectsTampering()
    {
        await Task.Yield();
        var box = new SecretBox(RandomNumberGenerator.GetBytes(32));
        var a = box.Seal("same value");
        var b = box.Seal("same value");
        Assert.NotEqual(a, b);
        Assert.StartsWith(SecretBox.Prefix, a);
        Assert.Equal("same value", box.Open(a));
        Assert.Equal("not sealed yet", box.Open("not sealed yet"));

        Assert.Throws<SecretKeyMismatchException>(() => new SecretBox(RandomNumberGenerator.GetBytes(32)).Open(a));
        var bytes = Convert.FromBase64String(a[SecretBox.Prefix.Length..]);
        bytes[^1] ^= 1;
        Assert.Throws<SecretKeyMismatchException>(() => box.Open(SecretBox.Prefix + Convert.ToBase64String(bytes)));
    }

    [Fact(Timeout = 10_000)]
    public async Task KeyFromTheEnvironment_MustBe32Bytes_AndNoKeyFileIsWritten()
    {
        await Task.Yield();
        var dir = TestEnvironment.TempDir("gd-key");
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var sealedValue = SecretBox.ForDataDir(dir, key).Seal("x");
        Assert.Equal("x", SecretBox.ForDataDir(dir, key).Open(sealedValue));
        Assert.False(File.Exists(SecretBox.KeyPath(dir)));
        var e = Assert.Throws<SecretKeyException>(() => SecretBox.ForDataDir(dir, "c2hvcnQ="));
        Assert.Contains(SecretBox.KeyVariable, e.Message);
    }
}
