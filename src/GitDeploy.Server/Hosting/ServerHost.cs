using GitDeploy.Build;
using GitDeploy.Build.Pipeline;
using GitDeploy.Deploys;
using GitDeploy.Deploys.Hooks;
using GitDeploy.Deploys.Releases;
using GitDeploy.Deploys.Webhooks;
using GitDeploy.Git.GitHttp;
using GitDeploy.Git.Repos;
using GitDeploy.Runtime;
using GitDeploy.Runtime.Router;
using GitDeploy.Runtime.Supervisor;
using GitDeploy.Server.Acme;
using GitDeploy.Server.Api;
using GitDeploy.Server.Auth;
using GitDeploy.Server.Backups;
using GitDeploy.Server.Dashboard;
using GitDeploy.Server.Metrics;
using GitDeploy.State;
using GitDeploy.Swarm;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Events;

namespace GitDeploy.Server.Hosting;

/// <summary>
/// The composition root: each feature registers what it needs (its start-up and shut-down work are
/// hosted services) and maps its own endpoints; this class only puts them together.
/// </summary>
public static class ServerHost
{
    public static WebApplication Build(ServeOptions o)
    {
        if (o.Problems() is { Count: > 0 } problems)
            throw new ServerStartException(string.Join("; ", problems));
        var data = Path.GetFullPath(o.DataDir);
        Directory.CreateDirectory(data);
        // The content root is watched for appsettings changes, recursively: not the data directory
        // (thousands of folders in releases and virtualenvs, bench/findings/data-dir-watched.py).
        var builder = WebApplication.CreateBuilder(
            new WebApplicationOptions
            {
                ContentRootPath = o.ContentRoot,
                Args = ["--hostBuilder:reloadConfigOnChange=false"],
            }
        );
        var certificates = o.CertificatesPath is { } certs ? CertificateStore.Load(certs) : CertificateStore.Empty();
        builder.WebHost.ConfigureKestrel(k => Listeners.Configure(k, o, certificates));
        builder.WebHost.UseSockets(t => t.UnsafePreferInlineScheduling = IoThreads.Inline);
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = o.StopGracePeriod + TimeSpan.FromSeconds(15));
        builder.Services.AddSerilog(ServerLog(data, o.ConsoleLog));
        AddFeatures(builder.Services, o, data, certificates);

        var app = builder.Build();
        app.UseAppRouter();
        app.UseRouting();
        app.UseMiddleware<ApiExceptionMiddleware>();
        app.UseMiddleware<ApiAccessMiddleware>();
        app.UseMiddleware<ApiBodyLimits>();
        app.MapGitHttp();
        app.MapPreReceiveHook();
        app.MapPostReceiveHook();
        app.MapWebhooks();
        app.MapApi();
        app.MapPrometheus();
        app.MapDashboard();
        app.MapGet("/", () => Results.Text("GitDeploy: git push http://HOST/APP.git main to deploy; see /api/apps\n"));
        return app;
    }

    /// <summary>In start-up order: each feature's hosted services start in the order it is added here.</summary>
    private static void AddFeatures(IServiceCollection s, ServeOptions o, string data, CertificateStore certificates)
    {
        s.AddSingleton(TimeProvider.System);
        s.AddSingleton(o);
        s.AddSingleton(certificates);
        var secrets = SecretBox.ForDataDir(data, Environment.GetEnvironmentVariable(SecretBox.KeyVariable));
        s.AddState(Path.Combine(data, "gitdeploy.db"), secrets);
        s.AddSandbox(o.Sandbox, data);
        s.AddPlatformAccess();
        s.AddGitHttp(
            new RepoOptions
            {
                ReposRoot = Path.Combine(data, "repos"),
                HooksSource = Path.Combine(o.ContentRoot, "hooks"),
                HooksDir = Path.Combine(data, "hooks"),
            },
            g =>
            {
                g.GitHome = data;
                g.DescribeFullDisk = DiskSpace.Describe;
            }
        );
        s.AddBuildPipeline(
            new BuildOptions
            {
                BuildpacksRoot = Path.Combine(o.ContentRoot, "buildpacks"),
                EnvsRoot = Path.Combine(data, "envs"),
                StepTimeout = o.BuildStepTimeout,
                CacheRoot = Path.Combine(data, "cache"),
                ParallelBuilds = o.ParallelBuilds,
                SystemPackages = o.SystemPackages,
                Owner = data,
            }
        );
        s.AddSupervisor(
            new SupervisorOptions
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
            },
            Path.Combine(data, "logs", "apps")
        );
        var challenges = Path.Combine(data, "acme-challenge");
        s.AddRouter(r =>
        {
            r.AppsDomain = o.AppsDomain;
            r.PlatformHosts = [.. o.PlatformHosts];
            r.TrustedProxies = [.. o.TrustedProxies];
            r.ResponseTimeout = o.ResponseTimeout;
            r.MaxRequestBodyBytes = o.MaxRequestBodyBytes;
            r.AcmeChallengeDir = challenges;
            r.RequestMetrics = o.RequestMetrics;
        });
        s.AddAcme(o.Acme, data, challenges);
        // Before the deploys: restoring an app on the swarm waits for the target's polling.
        s.AddSwarmTarget(o.Swarm with { StateDir = Path.Combine(data, "swarm") });
        s.AddDeploys(
            new PlatformOptions
            {
                DataDir = data,
                TimeZone = o.TimeZone,
                KeepReleases = o.KeepReleases,
            }
        );
        s.AddWebhooks();
        ApiBodyLimits.AddTo(s);
        ApiOperations.AddTo(s);
        s.AddSingleton<PlatformGauges>();
        s.AddDashboard();
    }

    private static Serilog.ILogger ServerLog(string data, bool console)
    {
        var c = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("Yarp", LogEventLevel.Warning)
            .WriteTo.File(
                Path.Combine(data, "logs", "server-.log"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 14
            );
        if (console)
            c.WriteTo.Console();
        return c.CreateLogger();
    }
}
