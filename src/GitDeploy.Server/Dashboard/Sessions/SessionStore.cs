using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace GitDeploy.Server.Dashboard.Sessions;

/// <summary>
/// The dashboard's sessions, in memory: a restarted server signs everyone out. Each lasts
/// <see cref="DashboardOptions.SessionLifetime"/>; at most <see cref="DashboardOptions.MaxSessions"/>
/// are kept (the oldest end first). The cookie holds a random 256-bit id; only its hash is a key here.
/// </summary>
public sealed class SessionStore(TimeProvider clock, DashboardOptions options)
{
    private readonly ConcurrentDictionary<string, DashboardSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>A new session for the token with this hash: the cookie's value and the session.</summary>
    public (string CookieValue, DashboardSession Session) Create(string tokenHash)
    {
        var now = clock.GetUtcNow();
        if (_sessions.Count >= options.MaxSessions) Trim(now);
        var id = Base64Url(RandomNumberGenerator.GetBytes(32));
        var session = new DashboardSession(KeyOf(id), tokenHash, Base64Url(RandomNumberGenerator.GetBytes(32)),
            now, now + options.SessionLifetime);
        _sessions[session.Key] = session;
        return (id, session);
    }

    /// <summary>The live session of a cookie value, or null (unknown, ended, expired: an expired one is
    /// removed).</summary>
    public DashboardSession? Find(string? cookieValue)
    {
        if (string.IsNullOrEmpty(cookieValue) || cookieValue.Length > 100) return null;
        if (!_sessions.TryGetValue(KeyOf(cookieValue), out var s)) return null;
        if (clock.GetUtcNow() < s.ExpiresAt) return s;
        _sessions.TryRemove(s.Key, out _);
        return null;
    }

    public void End(DashboardSession session) => _sessions.TryRemove(session.Key, out _);

    public int Count => _sessions.Count;

    private void Trim(DateTimeOffset now)
    {
        foreach (var s in _sessions.Values.Where(s => s.ExpiresAt <= now)) _sessions.TryRemove(s.Key, out _);
        var over = _sessions.Count - options.MaxSessions + 1;
        if (over <= 0) return;
        foreach (var s in _sessions.Values.OrderBy(s => s.CreatedAt).Take(over)) _sessions.TryRemove(s.Key, out _);
    }

    private static string KeyOf(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
