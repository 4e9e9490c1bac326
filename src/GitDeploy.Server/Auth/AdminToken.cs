using System.Security.Cryptography;
using System.Text;
using GitDeploy.State;

namespace GitDeploy.Server.Auth;

/// <summary>
/// The admin token. Only its SHA-256 is stored; it is printed once, on the first start, or set
/// with GITDEPLOY_ADMIN_TOKEN. Comparison is constant-time.
/// </summary>
public sealed class AdminToken(SettingsStore settings)
{
    private const string Key = "admin_token_sha256";

    /// <summary>The token generated at this start (the first one of a data directory), to print once; else
    /// null.</summary>
    public string? Generated { get; private set; }

    /// <summary>Returns the new token when one was generated (first start), else null.</summary>
    public string? Ensure(string? fixedToken)
    {
        if (!string.IsNullOrEmpty(fixedToken))
        {
            settings.Set(Key, Hash(fixedToken));
            return null;
        }
        if (settings.Get(Key) is not null)
            return null;
        var token = "gd_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        settings.Set(Key, Hash(token));
        return Generated = token;
    }

    public bool Matches(string? candidate) => !string.IsNullOrEmpty(candidate) && MatchesHash(Hash(candidate));

    /// <summary>Whether <paramref name="sha256"/> (lowercase hex) is the admin token's hash.</summary>
    public bool MatchesHash(string sha256)
    {
        var stored = settings.Get(Key);
        if (stored is null)
            return false;
        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(stored),
            Encoding.ASCII.GetBytes(sha256)
        );
    }

    private static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
