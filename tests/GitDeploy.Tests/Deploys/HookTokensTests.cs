using GitDeploy.Deploys.Hooks;
using Microsoft.Extensions.Time.Testing;

namespace GitDeploy.Tests.Deploys;

/// <summary>A push's hook token on a fake clock: shared by both hooks, used up by post-receive, gone after 2
/// h.</summary>
public class HookTokensTests
{
    [Fact]
    public void Token_ServesPreReceiveAndThenPostReceiveOnce()
    {
        var tokens = new HookTokens(new FakeTimeProvider());
        var t = tokens.Issue("app", "admin");
        Assert.Equal("app", tokens.Peek(t)?.App);
        Assert.Equal("app", tokens.Peek(t)?.App);
        Assert.Equal("admin", tokens.Redeem(t)?.Principal);
        Assert.Null(tokens.Redeem(t));
        Assert.Null(tokens.Peek(t));
    }

    [Fact]
    public void Token_ExpiresAfterTwoHours()
    {
        var clock = new FakeTimeProvider();
        var tokens = new HookTokens(clock);
        var early = tokens.Issue("app", "admin");
        var late = tokens.Issue("app", "admin");
        clock.Advance(TimeSpan.FromHours(1.9));
        Assert.NotNull(tokens.Peek(early));
        Assert.NotNull(tokens.Redeem(early));
        clock.Advance(TimeSpan.FromHours(0.2));
        Assert.Null(tokens.Peek(late));
        Assert.Null(tokens.Redeem(late));
    }
}
