using GitDeploy.Runtime.Router;

namespace GitDeploy.Tests.Runtime;

public class HostResolverTests
{
    [Theory]
    [InlineData("hello.localhost", "hello", "production")]
    [InlineData("HELLO.LocalHost.", "hello", "production")]
    [InlineData("stg-hello.localhost", "hello", "stage")]
    public void AppHosts_MapToAppAndEnvironment(string host, string app, string env)
    {
        Assert.True(HostResolver.TryResolve(host, "localhost", out var a, out var e));
        Assert.Equal((app, env), (a, e));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("a.b.localhost")]
    [InlineData("hello.example.com")]
    [InlineData("stg-.localhost")]
    public void OtherHosts_AreThePlatformItself(string host) =>
        Assert.False(HostResolver.TryResolve(host, "localhost", out _, out _));
}
