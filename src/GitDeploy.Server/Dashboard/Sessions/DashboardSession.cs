namespace GitDeploy.Server.Dashboard.Sessions;

/// <summary>
/// A signed-in browser: which token it signed in with (its SHA-256 only, so the session ends when the
/// token is revoked), its CSRF token, when it ends, and the message for its next page.
/// </summary>
public sealed class DashboardSession(
    string key, string tokenHash, string csrf, DateTimeOffset created, DateTimeOffset expires)
{
    private Flash? _flash;

    /// <summary>The SHA-256 of the cookie's value: the cookie itself is never kept.</summary>
    public string Key => key;
    public string TokenHash => tokenHash;
    public string Csrf => csrf;
    public DateTimeOffset CreatedAt => created;
    public DateTimeOffset ExpiresAt => expires;

    public void SetFlash(Flash flash) => Volatile.Write(ref _flash, flash);

    public Flash? TakeFlash() => Interlocked.Exchange(ref _flash, null);
}
