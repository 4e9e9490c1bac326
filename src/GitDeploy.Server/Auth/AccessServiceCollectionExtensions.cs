using GitDeploy.Git.GitHttp;
using GitDeploy.Runtime.Router;
using Microsoft.Extensions.DependencyInjection;

namespace GitDeploy.Server.Auth;

public static class AccessServiceCollectionExtensions
{
    /// <summary>Tokens and roles: who may call the API, clone and push; the admin token and sandbox check at
    /// start.</summary>
    public static IServiceCollection AddPlatformAccess(this IServiceCollection s)
    {
        s.AddSingleton<AdminToken>();
        s.AddSingleton<AccessControl>();
        s.AddSingleton<IPlatformCredentials, PlatformCredentials>();
        s.AddSingleton<IGitAccess, GitAccess>();
        s.AddHostedService<Hosting.PlatformStartup>();
        return s;
    }
}
