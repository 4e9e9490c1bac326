using GitDeploy.Runtime.Router;
using Microsoft.AspNetCore.Http;

namespace GitDeploy.Server.Auth;

/// <summary>
/// An <c>Authorization</c> header (Bearer, or Basic with the token as password) that is a token of this server.
/// </summary>
public sealed class PlatformCredentials(AccessControl access) : IPlatformCredentials
{
    public bool Carries(HttpRequest request) => access.Authenticate(request) is not null;
}
