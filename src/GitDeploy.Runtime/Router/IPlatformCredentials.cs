using Microsoft.AspNetCore.Http;

namespace GitDeploy.Runtime.Router;

/// <summary>
/// Recognises the platform's own credentials (a GitDeploy token in <c>Authorization</c>), which the
/// router never forwards to an app: a token sent to an app's host by mistake stays with GitDeploy.
/// </summary>
public interface IPlatformCredentials
{
    bool Carries(HttpRequest request);
}
