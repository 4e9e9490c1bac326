using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace GitDeploy.Deploys.Hooks;

/// <summary>
/// Tokens the server puts in receive-pack's environment: the hooks prove with one that they run for
/// that push of that app by that principal. The pre-receive hook may use it while the push is under way;
/// the post-receive hook uses it up.
/// </summary>
public sealed class HookTokens(TimeProvider clock)
{
    /// <summary>A push's grant; <see cref="Built"/> holds what a strict push deployed before its branches
    /// moved.</summary>
    public sealed record Grant(string App, string Principal, DateTimeOffset Expires)
    {
        public ConcurrentDictionary<string, StrictRelease> Built { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>A release a strict push made live from the pre-receive hook: ref → commit and tag.</summary>
    public sealed record StrictRelease(string Commit, string Tag, string Env);

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

    /// <summary>The grant of a push under way (pre-receive), leaving it for the post-receive hook.</summary>
    public Grant? Peek(string? token) =>
        token is not null && _grants.TryGetValue(token, out var g) && g.Expires >= clock.GetUtcNow() ? g : null;

    public Grant? Redeem(string? token) =>
        token is not null && _grants.TryRemove(token, out var g) && g.Expires >= clock.GetUtcNow() ? g : null;
}
