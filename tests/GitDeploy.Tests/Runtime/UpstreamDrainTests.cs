using GitDeploy.Runtime.Router;
using Microsoft.Extensions.Time.Testing;

namespace GitDeploy.Tests.Runtime;

/// <summary>The drain period is a maximum, on a fake clock: an idle upstream closes at once, a busy one at the
/// limit.</summary>
public class UpstreamDrainTests
{
    [Fact(Timeout = 10_000)]
    public async Task NoRequestInFlight_ClosesAtOnce()
    {
        var upstream = new Upstream("127.0.0.1:9");
        Assert.True(
            await upstream.CloseAsync(TimeSpan.FromSeconds(30), new FakeTimeProvider(), CancellationToken.None)
        );
        Assert.False(upstream.TryEnter());
    }

    [Fact(Timeout = 10_000)]
    public async Task ARequestInFlight_IsWaitedForUntilTheDrainEnds_ThenCutOff()
    {
        var clock = new FakeTimeProvider();
        var upstream = new Upstream("127.0.0.1:9");
        Assert.True(upstream.TryEnter());
        var closing = upstream.CloseAsync(TimeSpan.FromSeconds(30), clock, CancellationToken.None);

        for (var i = 0; i < 29; i++)
            clock.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(50);
        Assert.False(closing.IsCompleted, "closed before the drain period with a request in flight");
        clock.Advance(TimeSpan.FromSeconds(1.5));
        await Infrastructure.Poll.UntilAsync(() => closing.IsCompleted, TimeSpan.FromSeconds(5), "the drain to end");
        Assert.False(await closing); // cut off, not emptied
    }

    [Fact(Timeout = 10_000)]
    public async Task TheLastRequestEnding_ClosesBeforeTheDrainEnds()
    {
        var clock = new FakeTimeProvider();
        var upstream = new Upstream("127.0.0.1:9");
        Assert.True(upstream.TryEnter());
        var closing = upstream.CloseAsync(TimeSpan.FromSeconds(30), clock, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(2));
        upstream.Exit();
        clock.Advance(TimeSpan.FromMilliseconds(20));
        await Infrastructure.Poll.UntilAsync(() => closing.IsCompleted, TimeSpan.FromSeconds(5), "the close");
        Assert.True(await closing);
    }
}
