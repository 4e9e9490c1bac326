using GitDeploy.Runtime.Supervisor;
using GitDeploy.Swarm;
using GitDeploy.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace GitDeploy.Tests.Swarm;

/// <summary>How GitDeploy checks a swarm task from the server, on a fake clock (the instance is a real
/// listener).</summary>
public class SwarmInstanceTests
{
    private static InstanceSpec Spec() => new()
    {
        App = "a", Env = "production", Tag = "t1", SourceDir = "/", EnvironmentDir = "/", StartCommand = "",
        StartupTimeout = TimeSpan.FromSeconds(30), StrictPing = false, Environment = new Dictionary<string, string>(),
    };

    [Fact(Timeout = 30_000)]
    public async Task Instance_IsRoutedOncePassing_UnroutedAfterTwoRefusedConnects_RoutedAgainWhenItAnswers()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var app = new TinyHttp();
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime
            = TimeSpan.Zero });
        var checks = new SwarmChecks(new StartupCheck(http, clock), new SwarmOptions(), new SupervisorOptions());
        var instance = new SwarmInstance("task1", 1, new SwarmNode("n1", "node1", "127.0.0.1", true), app.Port - 1,
            Spec(), checks, clock);
        var said = new System.Collections.Concurrent.ConcurrentQueue<string>();
        instance.Watch((_, text) => { if (text is not null) said.Enqueue(text); });

        await Poll.UntilAsync(() => instance.Routable, TimeSpan.FromSeconds(10), "the startup check to pass");
        Assert.Contains(said, s => s.StartsWith("web1 started t1 on node node1 (127.0.0.1)"));

        app.Stop();
        await Poll.UntilAsync(() =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(500));
            return instance.State == SwarmInstanceState.Unreachable;
        }, TimeSpan.FromSeconds(10), "two refused connects in a row");
        Assert.False(instance.Routable);
        Assert.Contains(said, s => s.Contains("cannot be reached") && s.Contains("no requests go to it"));

        app.Restart();
        await Poll.UntilAsync(() =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(500));
            return instance.Routable;
        }, TimeSpan.FromSeconds(10), "it to be routed again");
        Assert.Contains(said, s => s.Contains("answers again"));
        instance.Retire();
    }

    [Fact(Timeout = 30_000)]
    public async Task Instance_OnANodeThatIsDown_IsNotRouted()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var app = new TinyHttp();
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var checks = new SwarmChecks(new StartupCheck(http, clock), new SwarmOptions(), new SupervisorOptions());
        var instance = new SwarmInstance("task1", 2, new SwarmNode("n1", "node1", "127.0.0.1", true), app.Port - 2,
            Spec(), checks, clock);
        instance.Watch((_, _) => { });
        await Poll.UntilAsync(() => instance.Routable, TimeSpan.FromSeconds(10), "the startup check to pass");
        instance.NodeChanged(new SwarmNode("n1", "node1", "127.0.0.1", false));
        Assert.False(instance.Routable);
        instance.Retire();
    }
}
