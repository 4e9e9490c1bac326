using System.Text;
using System.Text.RegularExpressions;
using CliWrap;
using GitDeploy.Git.Repos;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitDeploy.Git.GitHttp;

/// <summary>
/// Smart HTTP: <c>GET /APP.git/info/refs?service=…</c> and <c>POST /APP.git/git-{upload,receive}-pack</c>,
/// each a <c>git … --stateless-rpc</c> whose stdin and stdout are the request and response bodies,
/// streamed both ways (see docs/ARCHITECTURE.md, "Git endpoint").
/// </summary>
public static partial class GitHttpEndpoints
{
    [GeneratedRegex(@"^[0-9a-zA-Z]+=[0-9a-zA-Z]+(:[0-9a-zA-Z]+=[0-9a-zA-Z]+)*\z")]
    private static partial Regex GitProtocolPattern();

    /// <summary>The git endpoint and the repositories it serves (created, hooked up at start).</summary>
    public static IServiceCollection AddGitHttp(
        this IServiceCollection services,
        RepoOptions repos,
        Action<GitHttpOptions> configure
    )
    {
        services.Configure(configure);
        services.AddSingleton(repos);
        services.AddSingleton(new RepoManager(repos.ReposRoot, repos.HooksDir, repos.MaxPushBytes));
        services.AddHostedService<RepoStartup>();
        return services;
    }

    public static IEndpointRouteBuilder MapGitHttp(this IEndpointRouteBuilder routes)
    {
        foreach (var prefix in new[] { "/{app}.git", "/{app}" })
        {
            routes.MapGet(prefix + "/info/refs", InfoRefs);
            routes.MapPost(prefix + @"/{service:regex(^git-(upload|receive)-pack\z)}", Rpc);
            // Dumb-HTTP paths are refused explicitly so the client's fallback gets a clear answer.
            routes.MapGet(prefix + "/HEAD", DumbRefused);
            routes.MapGet(prefix + "/objects/{**rest}", DumbRefused);
        }
        return routes;
    }

    private static IResult DumbRefused() =>
        Results.Text(
            "dumb HTTP is not supported: use a git client with smart HTTP (any git since 1.6.6)\n",
            statusCode: 403
        );

    private static async Task InfoRefs(HttpContext ctx, string app)
    {
        if (!GitServices.TryParse(ctx.Request.Query["service"], out var service))
        {
            await Plain(
                ctx,
                403,
                "only ?service=git-upload-pack or ?service=git-receive-pack is served (dumb HTTP is not supported)"
            );
            return;
        }
        if (!TryOpen(ctx, app, service, out var repoPath, out var principal))
        {
            await Refuse(ctx);
            return;
        }

        NoCache(ctx.Response);
        ctx.Response.ContentType = $"application/x-{service.Name()}-advertisement";
        ctx.Response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var env = Environment(ctx, service, app, principal, advertise: true);
        // As git http-backend: protocol v2 starts with "version 2", without v0's service preamble.
        var v2 =
            service == GitService.UploadPack
            && env.TryGetValue("GIT_PROTOCOL", out var protocol)
            && (protocol ?? "").Split(':').Contains("version=2");
        if (!v2)
        {
            await ctx.Response.Body.WriteAsync(PktLine.Encode($"# service={service.Name()}\n"));
            await ctx.Response.Body.WriteAsync(PktLine.Flush);
        }
        await RunGit(ctx, service, advertise: true, repoPath, env, Stream.Null);
    }

    private static async Task Rpc(HttpContext ctx, string app, string service)
    {
        GitServices.TryParse(service, out var svc);
        var expectedType = $"application/x-{svc.Name()}-request";
        if (!string.Equals(ctx.Request.ContentType, expectedType, StringComparison.Ordinal))
        {
            await Plain(ctx, 415, $"Content-Type must be {expectedType}");
            return;
        }
        if (!TryOpen(ctx, app, svc, out var repoPath, out var principal))
        {
            await Refuse(ctx);
            return;
        }

        // Pushes are limited by git's receive.maxInputSize, not by Kestrel's 30 MB default; slow
        // clients on big pushes must not be cut off by the minimum data rate either.
        var bodySize = ctx.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (bodySize is { IsReadOnly: false })
            bodySize.MaxRequestBodySize = null;
        var rate = ctx.Features.Get<IHttpMinRequestBodyDataRateFeature>();
        if (rate is not null)
            rate.MinDataRate = null;

        Stream body = ctx.Request.Body;
        await using var inflated = await InflateAsync(ctx);
        if (inflated is not null)
        {
            if (inflated.Failure is { } failure)
            {
                await Plain(ctx, failure.Status, failure.Message);
                return;
            }
            body = inflated;
        }
        else if (ctx.Request.Headers.ContentEncoding.ToString() is { Length: > 0 } encoding)
        {
            await Plain(ctx, 415, $"Content-Encoding {encoding} is not supported (use gzip or none)");
            return;
        }

        NoCache(ctx.Response);
        ctx.Response.ContentType = $"application/x-{svc.Name()}-result";
        ctx.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var env = Environment(ctx, svc, app, principal, advertise: false);
        await RunGit(ctx, svc, advertise: false, repoPath, env, body);
    }

    /// <summary>A gzip body (git gzips upload-pack requests) as a stream inflated as git reads it, else null.</summary>
    private static async Task<InflatedBody?> InflateAsync(HttpContext ctx)
    {
        if (ctx.Request.Headers.ContentEncoding.ToString() is not ("gzip" or "x-gzip"))
            return null;
        var options = ctx.RequestServices.GetRequiredService<IOptions<GitHttpOptions>>().Value;
        return await InflatedBody.OpenAsync(ctx.Request.Body, options.MaxInflatedRequestBytes, ctx.RequestAborted);
    }

    private static bool TryOpen(
        HttpContext ctx,
        string app,
        GitService service,
        out string repoPath,
        out string principal
    )
    {
        repoPath = "";
        principal = "";
        var access = ctx.RequestServices.GetRequiredService<IGitAccess>();
        var decision = access.Authorize(ctx, app, service);
        if (!decision.Allowed)
        {
            ctx.Items["gitdeploy.refusal"] = decision;
            return false;
        }
        var repos = ctx.RequestServices.GetRequiredService<RepoManager>();
        if (!repos.Exists(app))
        {
            ctx.Items["gitdeploy.refusal"] = GitAccessDecision.Deny(
                404,
                AppName.IsValid(app)
                    ? $"no app named '{app}': create it first with `gitdeploy apps create {app}`"
                    : $"'{app}' is not a valid app name ({AppName.Rule})"
            );
            return false;
        }
        repoPath = repos.PathFor(app);
        principal = decision.Principal;
        return true;
    }

    private static Task Refuse(HttpContext ctx)
    {
        var d = (GitAccessDecision)ctx.Items["gitdeploy.refusal"]!;
        if (d.StatusCode == 401)
            ctx.Response.Headers.WWWAuthenticate = "Basic realm=\"gitdeploy\"";
        return Plain(ctx, d.StatusCode, d.Message);
    }

    private static IReadOnlyDictionary<string, string?> Environment(
        HttpContext ctx,
        GitService service,
        string app,
        string principal,
        bool advertise
    )
    {
        var options = ctx.RequestServices.GetRequiredService<IOptions<GitHttpOptions>>().Value;
        var env = GitProcess.BaseEnvironment(options);
        var protocol = ctx.Request.Headers["Git-Protocol"].ToString();
        if (protocol.Length > 0 && GitProtocolPattern().IsMatch(protocol))
            env["GIT_PROTOCOL"] = protocol;
        if (service == GitService.ReceivePack)
        {
            env["GIT_COMMITTER_NAME"] = principal;
            env["GIT_COMMITTER_EMAIL"] = principal + "@gitdeploy";
            if (!advertise)
            {
                var access = ctx.RequestServices.GetRequiredService<IGitAccess>();
                foreach (var (k, v) in access.ReceivePackEnvironment(ctx, app, principal))
                    env[k] = v;
            }
        }
        return env;
    }

    private static async Task RunGit(
        HttpContext ctx,
        GitService service,
        bool advertise,
        string repoPath,
        IReadOnlyDictionary<string, string?> env,
        Stream input
    )
    {
        var options = ctx.RequestServices.GetRequiredService<IOptions<GitHttpOptions>>().Value;
        var log = ctx.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("GitDeploy.GitHttp");
        var stderr = new StderrTail();
        var noteFullDisk = service == GitService.ReceivePack && !advertise ? options.DescribeFullDisk : null;
        var command = GitProcess
            .Command(options, service, advertise, repoPath, env)
            .WithStandardInputPipe(PipeSource.FromStream(input))
            .WithStandardOutputPipe(
                noteFullDisk is not null
                    ? FullDiskNote.Target(ctx.Response.Body, () => noteFullDisk(repoPath))
                    : PipeTarget.ToStream(ctx.Response.Body, autoFlush: true)
            )
            .WithStandardErrorPipe(PipeTarget.ToDelegate(stderr.Add));
        CommandResult result;
        try
        {
            result = await command.ExecuteAsync(ctx.RequestAborted);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            log.ClientGone(service.Verb(), repoPath);
            return;
        }
        if (input is InflatedBody { Failure: { } failure })
        {
            // git saw a cut-off request: whatever it answered is not an answer to what was sent.
            log.ServiceFailed(service.Verb(), repoPath, failure.Message);
            if (!ctx.Response.HasStarted)
                await Plain(ctx, failure.Status, failure.Message);
            else
                ctx.Abort();
            return;
        }
        if (result.ExitCode == 0)
            return;

        // upload-pack exits 128/141 when the client hangs up after it has what it needs: not an error.
        if (
            service == GitService.UploadPack
            && result.ExitCode is 128 or 141
            && ctx.RequestAborted.IsCancellationRequested
        )
            return;

        var message = $"git {service.Verb()} failed (exit {result.ExitCode}): {stderr}";
        log.DiskFull(message);
        if (!ctx.Response.HasStarted)
        {
            await Plain(ctx, 500, message);
        }
        else if (advertise)
        {
            // In-band error: the client prints "remote error: …" instead of a truncated advertisement.
            await ctx.Response.Body.WriteAsync(PktLine.Encode("ERR " + Truncate(message, 1000)));
        }
        else
        {
            // Mid-stream, the only honest signal is a broken connection: never a clean but truncated reply.
            ctx.Abort();
        }
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    private static void NoCache(HttpResponse r)
    {
        r.Headers.Expires = "Fri, 01 Jan 1980 00:00:00 GMT";
        r.Headers.Pragma = "no-cache";
        r.Headers.CacheControl = "no-cache, max-age=0, must-revalidate";
    }

    private static async Task Plain(HttpContext ctx, int status, string message)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        await ctx.Response.WriteAsync(message.EndsWith('\n') ? message : message + "\n", Encoding.UTF8);
    }
}
