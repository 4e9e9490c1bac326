using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace GitDeploy.Deploys.Hooks;

/// <summary>
/// One-time tokens the server puts in receive-pack's environment: the post-receive hook proves
/// with one that it runs for that push of that app by that principal, and can use it once.
/// </summary>
public sealed class HookTokens(TimeProvider clock)
{
    public sealed record Grant(string App, string Principal, DateTimeOffset Expires);

    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);
    private readonly ConcurrentDictionary<string, Grant> _grants = new();

    public string Issue(string app, string principal)
    {
        foreach (var (k, g) in _grants)
            if (g.Expires < clock.GetUtcNow()) _grants.TryRemove(k, out _);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _grants[token] = new Grant(app, principal, clock.GetUtcNow() + Lifetime);
        return token;
    }

    public Grant? Redeem(string? token) =>
        token is not null && _grants.TryRemove(token, out var g) && g.Expires >= clock.GetUtcNow() ? g : null;
}
