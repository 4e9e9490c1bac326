using GitDeploy.Build;
using GitDeploy.Build.Pipeline;
using GitDeploy.Deploys;
using GitDeploy.Deploys.Hooks;
using GitDeploy.Deploys.Releases;
using GitDeploy.Deploys.Webhooks;
using GitDeploy.Git.GitHttp;
using GitDeploy.Git.Repos;
using GitDeploy.Runtime;
using GitDeploy.Runtime.Supervisor;
using GitDeploy.Server.Acme;
using GitDeploy.Server.Api;
using GitDeploy.Server.Auth;
using GitDeploy.Server.Backups;
using GitDeploy.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using GitDeploy.Runtime.Router;
using Serilog;
using Serilog.Events;

namespace GitDeploy.Server.Hosting;

/// <summary>The composition root: each feature registers itself and maps its own endpoints.</summary>
public static class ServerHost
{
    public const long MaxPushBytes = 2L * 1024 * 1024 * 1024;

    public static WebApplication Build(ServeOptions o)
    {
        var data = Path.GetFullPath(o.DataDir);
        Directory.CreateDirectory(data);
        var hooksDir = InstallHooks(o.ContentRoot, data);

        // The content root is watched for appsettings changes, recursively: not the data directory
        // (thousands of folders in releases and virtualenvs, bench/findings/data-dir-watched.py).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = o.ContentRoot,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        var certificates = o.CertificatesPath is { } certs ? CertificateStore.Load(certs) : CertificateStore.Empty();
        builder.WebHost.ConfigureKestrel(k => Listeners.Configure(k, o, certificates));
        builder.WebHost.UseSockets(t => t.UnsafePreferInlineScheduling = IoThreads.Inline);
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = o.StopGracePeriod + TimeSpan.FromSeconds(15));
        builder.Services.AddSerilog(ServerLog(data, o.ConsoleLog));

        var s = builder.Services;
        s.AddSingleton(TimeProvider.System);
        s.AddSingleton(o);
        s.AddSingleton(certificates);
        var secrets = SecretBox.ForDataDir(data, Environment.GetEnvironmentVariable(SecretBox.KeyVariable));
        s.AddState(Path.Combine(data, "gitdeploy.db"), secrets);
        s.AddSandbox(o.Sandbox, data);
        s.AddSingleton(new RepoManager(Path.Combine(data, "repos"), hooksDir, MaxPushBytes));
        s.AddGitHttp(g =>
        {
            g.GitHome = data;
            g.DescribeFullDisk = DiskSpace.Describe;
        });
        s.AddSingleton<AdminToken>();
        s.AddSingleton<AccessControl>();
        s.AddSingleton<IPlatformCredentials, PlatformCredentials>();
        s.AddSingleton<IGitAccess, GitAccess>();
        s.AddBuildPipeline(new BuildOptions
        {
            BuildpacksRoot = Path.Combine(o.ContentRoot, "buildpacks"),
            EnvsRoot = Path.Combine(data, "envs"),
            StepTimeout = o.BuildStepTimeout,
            PipCacheRoot = Path.Combine(data, "cache", "pip"),
            ParallelBuilds = o.ParallelBuilds,
            SystemPackages = o.SystemPackages,
            Owner = data,
        });
        s.AddSupervisor(new SupervisorOptions
        {
            InstancesRoot = Path.Combine(data, "instances"),
            DrainPeriod = o.DrainPeriod,
            StopGracePeriod = o.StopGracePeriod,
            AppHost = o.AppHost,
            HealthInterval = o.HealthInterval,
            HealthTimeout = o.HealthTimeout,
            HealthFailures = o.HealthFailures,
            BackoffInitial = o.BackoffInitial,
            BackoffCap = o.BackoffCap,
        }, Path.Combine(data, "logs", "apps"));
        var challenges = Path.Combine(data, "acme-challenge");
        s.AddRouter(r =>
        {
            r.AppsDomain = o.AppsDomain;
            r.PlatformHosts = [.. o.PlatformHosts];
            r.TrustedProxies = [.. o.TrustedProxies];
            r.ResponseTimeout = o.ResponseTimeout;
            r.MaxRequestBodyBytes = o.MaxRequestBodyBytes;
            r.AcmeChallengeDir = challenges;
        });
        s.AddAcme(o.Acme, data, challenges);
        s.AddDeploys(new PlatformOptions { DataDir = data, TimeZone = o.TimeZone, KeepReleases = o.KeepReleases });
        s.AddWebhooks();
        ApiBodyLimits.AddTo(s);

        var app = builder.Build();
        app.UseAppRouter();
        app.UseRouting();
        app.UseMiddleware<ApiExceptionMiddleware>();
        app.UseMiddleware<ApiAccessMiddleware>();
        app.UseMiddleware<ApiBodyLimits>();
        app.MapGitHttp();
        app.MapPostReceiveHook();
        app.MapWebhooks();
        app.MapAppsApi();
        app.MapReleasesApi();
        app.MapInstancesApi();
        app.MapLogsApi();
        app.MapReleaseOperationsApi();
        app.MapConfigApi();
        app.MapTokensApi();
        app.MapHistoryApi();
        app.MapDomainsApi();
        app.MapPersistentApi();
        app.MapSourceApi();
        app.MapDeployLogApi();
        app.MapBackupApi();
        app.MapGet("/", () => Results.Text("GitDeploy: git push http://HOST/APP.git main to deploy; see /api/apps\n"));

        app.Lifetime.ApplicationStarted.Register(() => OnStarted(app));
        app.Lifetime.ApplicationStopping.Register(() =>
        {
            app.Services.GetRequiredService<Supervisor>().DisposeAsync().AsTask().GetAwaiter().GetResult();
            app.Services.GetRequiredService<GitDeploy.Isolation.Sandbox>().Cgroups.RemoveAll();
            app.Services.GetRequiredService<GitDeploy.Isolation.PersistentVolumes>().UnmountAllAsync().GetAwaiter().GetResult();
        });
        return app;
    }

    /// <summary>Prints the admin token on the first start, cleans what a killed server left, restores every app.</summary>
    public static async Task<string?> PrepareAsync(WebApplication app)
    {
        var o = app.Services.GetRequiredService<ServeOptions>();
        var token = app.Services.GetRequiredService<AdminToken>().Ensure(o.AdminToken);
        app.Services.GetRequiredService<GitDeploy.State.DeployStore>().FailUnfinished("the server stopped during this deploy");
        app.Services.GetRequiredService<ReleaseFiles>().SweepUnfinished();
        var sandbox = app.Services.GetRequiredService<GitDeploy.Isolation.Sandbox>();
        if (await sandbox.ProblemAsync(CancellationToken.None) is { } problem)
            throw new InvalidOperationException($"the app sandbox cannot run here: {problem}. Install bubblewrap " +
                "(apt-get install bubblewrap) and allow user namespaces, or start with --sandbox off " +
                "(apps then run as the server's user and can read the data directory)");
        app.Services.GetRequiredService<RepoManager>().RepointHooks();
        await app.Services.GetRequiredService<Supervisor>().ReapOrphansAsync();
        sandbox.Cgroups.Sweep();
        app.Services.GetRequiredService<DomainTable>().Load(app.Services.GetRequiredService<DomainStore>().List());
        return token;
    }

    private static void OnStarted(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var httpsAddress = addresses?.FirstOrDefault(a => a.StartsWith("https://"));
        if (httpsAddress is not null) app.Services.GetRequiredService<IOptions<RouterOptions>>().Value.HttpsPort = new Uri(httpsAddress.Replace("[::]", "localhost").Replace("0.0.0.0", "localhost")).Port;
        var first = addresses?.FirstOrDefault(a => a.StartsWith("http://")) ?? addresses?.FirstOrDefault();
        if (first is not null) app.Services.GetRequiredService<PlatformUrl>().Value = first.Replace("0.0.0.0", "127.0.0.1").Replace("[::]", "127.0.0.1");
        var starter = app.Services.GetRequiredService<ReleaseStarter>();
        _ = Task.Run(() => starter.RestoreAllAsync(app.Lifetime.ApplicationStopping));
    }

    /// <summary>Copies hooks/ into the data directory (core.hooksPath of every repo) so repos never point into a build folder.</summary>
    private static string InstallHooks(string contentRoot, string data)
    {
        var source = Path.Combine(contentRoot, "hooks");
        var target = Path.Combine(data, "hooks");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            var dest = Path.Combine(target, Path.GetFileName(file));
            var tmp = dest + ".tmp";
            File.Copy(file, tmp, overwrite: true);
            File.SetUnixFileMode(tmp, (UnixFileMode)0b111_101_101);
            File.Move(tmp, dest, overwrite: true);
        }
        return target;
    }

    private static Serilog.ILogger ServerLog(string data, bool console)
    {
        var c = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("Yarp", LogEventLevel.Warning)
            .WriteTo.File(Path.Combine(data, "logs", "server-.log"), rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14);
        if (console) c.WriteTo.Console();
        return c.CreateLogger();
    }
}
