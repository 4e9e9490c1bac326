using System.CommandLine;
using GitDeploy.Server.Acme;
using GitDeploy.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GitDeploy.Commands;

internal static class ServeCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data")
        {
            Description = $"data directory (default: $GITDEPLOY_DATA or ~/.gitdeploy)",
        };
        var urls = new Option<string>("--urls")
        {
            Description = $"where to listen (default: {ServeOptions.DefaultUrls}); several separated by ';'",
        };
        var domain = new Option<string>("--apps-domain")
        {
            Description = "apps answer at APP.DOMAIN and stg-APP.DOMAIN (default: localhost)",
        };
        var drain = new Option<double?>("--drain-seconds")
        {
            Description = "how long a replaced instance keeps serving before SIGTERM (default: 30)",
        };
        var grace = new Option<double?>("--stop-grace-seconds")
        {
            Description = "time between SIGTERM and SIGKILL when an instance stops (default: 10)",
        };
        var healthInterval = new Option<double?>("--health-interval-seconds")
        {
            Description = "time between health checks of a running instance (default: 10)",
        };
        var healthTimeout = new Option<double?>("--health-timeout-seconds")
        {
            Description = "time a health check may take (default: 5)",
        };
        var healthFailures = new Option<int?>("--health-failures")
        {
            Description = "failed checks in a row that make an instance unhealthy and replaced (default: 3)",
        };
        var certs = new Option<string>("--certs")
        {
            Description = "PEM certificate file or directory for https:// URLs (chosen by SNI)",
        };
        var acmeDirectory = new Option<string>("--acme-directory")
        {
            Description =
                "ACME directory URL for `domains … --https auto` (default: Let's Encrypt, "
                + $"{AcmeOptions.LetsEncrypt}; its staging CA for trials: {AcmeOptions.LetsEncryptStaging})",
        };
        var acmeEmail = new Option<string>("--acme-email")
        {
            Description =
                "the ACME account's e-mail (needed for --https auto; the "
                + "CA writes there about expiring certificates)",
        };
        var acmeCa = new Option<string>("--acme-ca-file")
        {
            Description = "PEM file of CA certificates to trust for the ACME server's HTTPS (a private or test CA)",
        };
        var platformHost = new Option<string[]>("--platform-host")
        {
            Description = "a host name of this server itself (API, git, webhooks); IPs and localhost always are",
        };
        var trusted = new Option<string[]>("--trusted-proxy")
        {
            Description = "IP or CIDR of a proxy in front of GitDeploy whose X-Forwarded-* headers are believed",
        };
        var responseTimeout = new Option<double?>("--response-timeout-seconds")
        {
            Description = "time an app has to start answering a request (default: 60; then 504)",
        };
        var keep = new Option<int?>("--keep-releases")
        {
            Description = "releases kept per app besides pinned and live ones (default: 10)",
        };
        var timezone = new Option<string>("--timezone")
        {
            Description = "TZ given to apps (default: Asia/Shanghai, UTC+8, as Cloud Engine)",
        };
        var buildTimeout = new Option<double?>("--build-timeout-minutes")
        {
            Description = "a build step running longer is killed with its processes (default: 30)",
        };
        var parallelBuilds = new Option<int?>("--parallel-builds")
        {
            Description =
                "builds of different apps at once; others wait for a slot "
                + $"(default: {GitDeploy.Build.Pipeline.BuildOptions.DefaultParallelBuilds})",
        };
        var allowSystemPackages = new Option<bool>("--allow-system-packages")
        {
            Description = "install missing systemDependencies with apt-get (default: refuse and name them)",
        };
        var requestMetrics = new Option<string>("--request-metrics")
        {
            Description =
                "on (default): the router records requests per app for the dashboard and /metrics; "
                + "off: it does not",
        };
        requestMetrics.AcceptOnlyFromAmong("on", "off");
        var swarmHost = new Option<string>("--swarm-host")
        {
            Description =
                "a Docker Swarm manager (unix:///var/run/docker.sock or tcp://HOST:2375): "
                + "apps can then choose "
                + "apps set APP --target swarm (default: none, every app runs here)",
        };
        var swarmRegistry = new Option<string>("--swarm-registry")
        {
            Description =
                "HOST:PORT of the registry release images are pushed to and "
                + $"the nodes pull from (default: {GitDeploy.Swarm.SwarmOptions.DefaultRegistry})",
        };
        var swarmBase = new Option<string>("--swarm-base-image")
        {
            Description =
                "REPOSITORY:TAG in that registry every release image is built "
                + $"on (default: {GitDeploy.Swarm.SwarmOptions.DefaultBaseImage})",
        };
        var cmd = new Command("serve", "Run the GitDeploy server (git endpoint, builds, supervisor, router, API).")
        {
            data,
            urls,
            domain,
            drain,
            grace,
            healthInterval,
            healthTimeout,
            healthFailures,
            timezone,
            keep,
            certs,
            platformHost,
            trusted,
            responseTimeout,
            buildTimeout,
            parallelBuilds,
            allowSystemPackages,
            requestMetrics,
            acmeDirectory,
            acmeEmail,
            acmeCa,
            swarmHost,
            swarmRegistry,
            swarmBase,
        };
        var sandbox = new SandboxArguments();
        foreach (var option in sandbox.All)
            cmd.Options.Add(option);
        cmd.SetAction(
            async (parse, ct) =>
            {
                var (sandboxOptions, sandboxError) = sandbox.Parse(parse);
                if (sandboxOptions is null)
                {
                    Console.Error.WriteLine("gitdeploy serve: " + sandboxError);
                    return 2;
                }
                var o = new ServeOptions { Sandbox = sandboxOptions };
                o = o with
                {
                    DataDir = parse.GetValue(data) ?? o.DataDir,
                    Urls = parse.GetValue(urls) ?? Environment.GetEnvironmentVariable("GITDEPLOY_URLS") ?? o.Urls,
                    AppsDomain = parse.GetValue(domain) ?? o.AppsDomain,
                    DrainPeriod = parse.GetValue(drain) is { } d ? TimeSpan.FromSeconds(d) : o.DrainPeriod,
                    StopGracePeriod = parse.GetValue(grace) is { } g ? TimeSpan.FromSeconds(g) : o.StopGracePeriod,
                    HealthInterval = parse.GetValue(healthInterval) is { } hi
                        ? TimeSpan.FromSeconds(hi)
                        : o.HealthInterval,
                    HealthTimeout = parse.GetValue(healthTimeout) is { } ht
                        ? TimeSpan.FromSeconds(ht)
                        : o.HealthTimeout,
                    HealthFailures = parse.GetValue(healthFailures) ?? o.HealthFailures,
                    TimeZone = parse.GetValue(timezone) ?? o.TimeZone,
                    KeepReleases = parse.GetValue(keep) ?? o.KeepReleases,
                    CertificatesPath = parse.GetValue(certs),
                    PlatformHosts = parse.GetValue(platformHost) ?? [],
                    TrustedProxies = parse.GetValue(trusted) ?? [],
                    ResponseTimeout = parse.GetValue(responseTimeout) is { } rt
                        ? TimeSpan.FromSeconds(rt)
                        : o.ResponseTimeout,
                    BuildStepTimeout = parse.GetValue(buildTimeout) is { } bt
                        ? TimeSpan.FromMinutes(bt)
                        : o.BuildStepTimeout,
                    ParallelBuilds = parse.GetValue(parallelBuilds) ?? o.ParallelBuilds,
                    SystemPackages = o.SystemPackages with { AllowInstall = parse.GetValue(allowSystemPackages) },
                    RequestMetrics = parse.GetValue(requestMetrics) != "off",
                    Acme = o.Acme with
                    {
                        DirectoryUrl = parse.GetValue(acmeDirectory) ?? o.Acme.DirectoryUrl,
                        Email = parse.GetValue(acmeEmail),
                        CaFile = parse.GetValue(acmeCa) is { } ca ? Path.GetFullPath(ca) : null,
                    },
                    Swarm = o.Swarm with
                    {
                        Host = parse.GetValue(swarmHost),
                        Registry = parse.GetValue(swarmRegistry) ?? o.Swarm.Registry,
                        BaseImage = parse.GetValue(swarmBase) ?? o.Swarm.BaseImage,
                    },
                };
                if (o.Acme.Problem() is { } acmeProblem)
                {
                    Console.Error.WriteLine("gitdeploy serve: " + acmeProblem);
                    return 2;
                }
                WebApplication app;
                try
                {
                    app = ServerHost.Build(o);
                    await app.StartAsync(ct);
                }
                catch (Exception e) when (e is ServerStartException or GitDeploy.State.SecretKeyException)
                {
                    Console.Error.WriteLine("gitdeploy serve: " + e.Message);
                    return e is ServerStartException && o.Problems().Count > 0 ? 2 : 1;
                }
                var token = app.Services.GetRequiredService<GitDeploy.Server.Auth.AdminToken>().Generated;
                var addresses = app
                    .Services.GetRequiredService<IServer>()
                    .Features.Get<IServerAddressesFeature>()!
                    .Addresses;
                Console.WriteLine($"Data directory: {Path.GetFullPath(o.DataDir)}");
                Console.WriteLine(
                    "Sandbox: " + app.Services.GetRequiredService<GitDeploy.Isolation.Sandbox>().Describe()
                );
                var account = o.Acme.Email is { } email
                    ? $"account {email}"
                    : "refused until the server has --acme-email";
                Console.WriteLine($"Automatic HTTPS (domains … --https auto): {o.Acme.DirectoryUrl}, {account}");
                Console.WriteLine($"Apps answer at http://APP.{o.AppsDomain}:PORT/ (stage: stg-APP.{o.AppsDomain})");
                var dashboard = addresses.First().Replace("0.0.0.0", "127.0.0.1") + "/dashboard";
                Console.WriteLine($"Dashboard: {dashboard} (sign in with a token)");
                if (o.Swarm.Host is { } manager)
                    Console.WriteLine(
                        $"Swarm target: manager {manager}, registry {o.Swarm.Registry}, "
                            + $"base image {o.Swarm.BaseImage}"
                    );
                if (token is not null)
                {
                    Console.WriteLine($"Admin token (shown once, keep it): {token}");
                    Console.WriteLine($"  export GITDEPLOY_URL={addresses.First()} GITDEPLOY_TOKEN={token}");
                }
                // Last, so that whoever waits for this line (scripts, the tests) has seen everything above.
                Console.WriteLine($"GitDeploy is listening on {string.Join(", ", addresses)}");
                Console.Out.Flush();
                await app.WaitForShutdownAsync(ct);
                return 0;
            }
        );
        return cmd;
    }
}
