using GitDeploy.Isolation;
using Microsoft.Extensions.DependencyInjection;

namespace GitDeploy.Server.Hosting;

internal static class SandboxRegistration
{
    /// <summary>The sandbox and this server's cgroups, named after its data directory (several servers may share a
    /// machine).</summary>
    public static IServiceCollection AddSandbox(this IServiceCollection s, SandboxOptions options, string data)
    {
        options.CgroupName = Cgroups.NameFor(data);
        s.AddSingleton(options);
        s.AddSingleton(new Cgroups(options.CgroupName));
        s.AddSingleton<Sandbox>();
        return s;
    }
}
