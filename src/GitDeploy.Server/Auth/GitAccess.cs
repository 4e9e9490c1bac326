using GitDeploy.Deploys.Hooks;
using GitDeploy.Deploys.Queue;
using GitDeploy.Git.GitHttp;
using Microsoft.AspNetCore.Http;

namespace GitDeploy.Server.Auth;

/// <summary>Who may clone and push (for now: the admin token), and the hook environment of a push.</summary>
public sealed class GitAccess(
    AccessControl access,
    HookTokens hooks,
    BranchMap branches,
    GitDeploy.Git.Repos.RepoManager repos,
    AppStore apps
) : IGitAccess
{
    /// <summary>Clone and fetch need read access to the app; push needs a deployer or admin token for it.</summary>
    public GitAccessDecision Authorize(HttpContext context, string app, GitService service)
    {
        if (Credentials.Token(context.Request) is null)
            return GitAccessDecision.Challenge(
                "authentication required: use any user name and an API token as the password"
            );
        var principal = access.Authenticate(context.Request);
        if (principal is null)
            return GitAccessDecision.Challenge(
                "wrong token: use an API token of this server as the password "
                    + "(gitdeploy serve prints the admin token on first start)"
            );
        var needed = service == GitService.ReceivePack ? Permission.Deploy : Permission.Read;
        if (!principal.Can(needed, app))
            return GitAccessDecision.Deny(403, AccessControl.Refusal(principal, needed, app));
        // A push into a full disk would fail half-way with git's own words: refuse it first, naming the disk.
        if (service == GitService.ReceivePack && GitDeploy.State.DiskSpace.Refusal(repos.ReposRoot) is { } full)
            return GitAccessDecision.Deny(507, full);
        return GitAccessDecision.Allow(principal.Name);
    }

    public IReadOnlyDictionary<string, string> ReceivePackEnvironment(HttpContext context, string app, string principal)
    {
        var local = context.Connection.LocalIpAddress;
        var host =
            local is null || local.Equals(System.Net.IPAddress.Any) || local.Equals(System.Net.IPAddress.IPv6Any)
                ? "127.0.0.1"
            : local.IsIPv4MappedToIPv6 ? local.MapToIPv4().ToString()
            : local.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{local}]"
            : local.ToString();
        var server = $"{context.Request.Scheme}://{host}:{context.Connection.LocalPort}";
        return new Dictionary<string, string>
        {
            ["GITDEPLOY_HOOK_URL"] = server + PostReceiveEndpoint.Path,
            ["GITDEPLOY_PRE_RECEIVE_URL"] = server + PreReceiveEndpoint.Path,
            ["GITDEPLOY_HOOK_TOKEN"] = hooks.Issue(app, principal),
            ["GITDEPLOY_DEPLOY_BRANCHES"] = string.Join(' ', branches.For(app).Branches),
            ["GITDEPLOY_STRICT"] = apps.StrictPush(app) ? "true" : "false",
        };
    }
}
