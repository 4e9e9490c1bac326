using System.Text;
using Microsoft.AspNetCore.Http;

namespace GitDeploy.Server.Auth;

/// <summary>Reads a token from <c>Authorization: Bearer T</c> or Basic (any user name, the token as password: Heroku
/// style).</summary>
public static class Credentials
{
    public static string? Token(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header[7..].Trim();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = decoded.IndexOf(':');
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
