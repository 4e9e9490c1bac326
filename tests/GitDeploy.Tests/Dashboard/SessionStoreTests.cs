using GitDeploy.Server.Dashboard;
using GitDeploy.Server.Dashboard.Sessions;
using Microsoft.Extensions.Time.Testing;

namespace GitDeploy.Tests.Dashboard;

public class SessionStoreTests
{
    [Fact]
    public void ASession_LastsItsLifetime_ThenIsGone()
    {
        var clock = new FakeTimeProvider();
        var store = new SessionStore(clock, new DashboardOptions { SessionLifetime = TimeSpan.FromHours(12) });
        var (cookie, session) = store.Create("hash");
        Assert.Same(session, store.Find(cookie));
        Assert.NotEqual(cookie, session.Key); // only a hash of the cookie is kept
        Assert.Null(store.Find(cookie + "x"));
        Assert.Null(store.Find(null));
        clock.Advance(TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1));
        Assert.NotNull(store.Find(cookie));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(store.Find(cookie));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void PastTheLimit_TheOldestSessionsEnd()
    {
        var clock = new FakeTimeProvider();
        var store = new SessionStore(clock, new DashboardOptions { MaxSessions = 3 });
        var cookies = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            cookies.Add(store.Create("h").CookieValue);
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.Equal(3, store.Count);
        Assert.Null(store.Find(cookies[0]));
        Assert.NotNull(store.Find(cookies[4]));
    }

    [Fact]
    public void EndingASession_AndItsFlashIsShownOnce()
    {
        var store = new SessionStore(new FakeTimeProvider(), new DashboardOptions());
        var (cookie, session) = store.Create("h");
        session.SetFlash(new Flash(true, "done"));
        Assert.Equal("done", session.TakeFlash()?.Text);
        Assert.Null(session.TakeFlash());
        store.End(session);
        Assert.Null(store.Find(cookie));
    }
}
