using GitDeploy.Git;
using GitDeploy.Runtime.Router;
using GitDeploy.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GitDeploy.Deploys.Webhooks;

/// <summary>
/// <c>POST /webhooks/{github|gitlab|gitea}/APP</c> and the generic <c>POST /webhooks/generic/APP/SECRET</c>.
/// No admin token: the provider's signature (or the secret in the URL) is the authentication. Checks
/// run in this order: app and source (404), declared size (413, over 25 MiB), signature header (401, before the
/// body is read), the body read in a bounded slot with its HMAC streamed (413, 401), payload (400).
/// </summary>
public static class WebhookEndpoints
{
    public const long MaxBodyBytes = 25L * 1024 * 1024;

    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddSingleton<SourceFetcher>();
        services.AddSingleton<WebhookDeploys>();
        services.AddSingleton<WebhookDispatch>();
        services.AddSingleton<WebhookReadSlots>();
        return services;
    }

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/webhooks/generic/{app}/{token}", Generic);
        routes.MapPost(@"/webhooks/{provider:regex(^(github|gitlab|gitea)\z)}/{app}", FromProvider);
        routes.Map(
            "/webhooks/{**rest}",
            () =>
                WebhookResults.Error(
                    404,
                    "no such webhook: POST to /webhooks/github/APP, /webhooks/gitlab/APP "
                        + "or /webhooks/gitea/APP, or the generic URL `gitdeploy apps "
                        + "source APP` shows"
                )
        );
        return routes;
    }

    private static async Task<IResult> FromProvider(
        HttpContext ctx,
        string provider,
        string app,
        SourceStore sources,
        WebhookDispatch dispatch,
        WebhookReadSlots slots,
        PlatformOptions platform
    )
    {
        if (Find(app, sources) is not { } source)
            return NoSource(app);
        if (source.Provider != provider)
            return WebhookResults.Error(
                404,
                $"{app}'s source is set up for {source.Provider}, not {provider}: "
                    + $"see `gitdeploy apps source {app}` for its webhook URL, or "
                    + $"change it with --provider {provider}"
            );
        // The router's limit: after a 413 the client can still read it while it is sending the rest.
        if (!BodyLimit.Apply(ctx, MaxBodyBytes))
            return TooLarge();
        // What can be refused without the body is refused before reading it.
        var hmac = WebhookSignatures.SignedWithHmac(provider);
        var given = hmac ? WebhookSignatures.GivenHmac(provider, ctx.Request.Headers) : null;
        var header = ctx.Request.Headers[WebhookSignatures.HeaderName(provider)].ToString();
        if (hmac ? given is null : !WebhookSignatures.TokenMatches(header, source.Secret))
            return Unsigned(provider, app);

        byte[] body;
        using (var slot = await slots.EnterAsync(ctx.RequestAborted))
        {
            if (slot is null)
            {
                ctx.Response.Headers.RetryAfter = "30";
                return WebhookResults.Error(
                    503,
                    "too many webhook deliveries are being read at once "
                        + $"(limit {WebhookReadSlots.MaxConcurrentReads}); deliver again later"
                );
            }
            var spool = Path.Combine(platform.DataDir, "tmp");
            await using var read = await WebhookBody.ReadAsync(ctx, source.Secret, spool);
            if (read is null)
                return TooLarge();
            var signed = given is null || WebhookSignatures.HmacMatches(read.Hmac, given);
            // Gitea's form deliveries sign the JSON of their payload field, not the form: read it (within this
            // slot, at most 25 MiB) only when the body's own signature did not match.
            var form = provider == Providers.Gitea && WebhookPayloads.IsForm(ctx.Request.ContentType);
            if (!signed && !form)
                return Unsigned(provider, app);
            body = await read.ReadAllAsync();
            if (!signed && !WebhookSignatures.FormPayloadSigned(ctx.Request.ContentType, body, source.Secret, given!))
                return Unsigned(provider, app);
        }

        var eventName = ctx.Request.Headers[WebhookPayloads.EventHeader(provider)].ToString();
        var (ev, error) = WebhookPayloads.Parse(provider, eventName, ctx.Request.ContentType, body);
        if (error is not null)
            return WebhookResults.Error(400, error);
        return dispatch.Handle(source, ev!, WebhookPayloads.DeliveryId(provider, ctx.Request.Headers));
    }

    private static IResult Unsigned(string provider, string app) =>
        WebhookResults.Error(
            401,
            $"missing or wrong {WebhookSignatures.HeaderName(provider)}: "
                + $"the webhook's secret must be the one `gitdeploy apps source {app}` shows"
        );

    /// <summary>Cloud Engine's deploy webhook: any POST to the secret URL deploys the head of <c>?branch=</c> (default:
    /// the production branch).</summary>
    private static IResult Generic(
        HttpContext ctx,
        string app,
        string token,
        SourceStore sources,
        WebhookDeploys deploys
    )
    {
        if (Find(app, sources) is not { } source)
            return NoSource(app);
        if (source.Provider != Providers.Generic)
            return WebhookResults.Error(
                404,
                $"{app}'s source is set up for {source.Provider} webhooks, "
                    + "not the generic deploy URL (change it with --provider generic)"
            );
        if (ctx.Request.ContentLength > MaxBodyBytes)
            return TooLarge();
        if (!WebhookSignatures.TokenMatches(token, source.Secret))
            return WebhookResults.Error(
                401,
                $"wrong secret in the deploy URL: use the URL `gitdeploy apps source {app}` shows"
            );
        var branch = ctx.Request.Query["branch"].ToString() is { Length: > 0 } b ? b : source.DefaultBranch;
        if (source.EnvFor(branch) is not { } env)
            return WebhookResults.Error(400, $"branch {branch} deploys nowhere ({source.DescribeBranches()})");
        return WebhookDispatch.Respond(
            app,
            env,
            branch,
            null,
            deploys.Submit(app, env, branch, null, "generic:deploy-url")
        );
    }

    private static SourceSettings? Find(string app, SourceStore sources) =>
        AppName.IsValid(app) && sources.Find(app) is { } r ? SourceSettings.From(r) : null;

    private static IResult NoSource(string app) =>
        WebhookResults.Error(
            404,
            $"no app '{app}' with a source repository: set one with `gitdeploy apps source {app} --url URL`"
        );

    private static IResult TooLarge() =>
        WebhookResults.Error(
            413,
            $"the delivery is larger than {MaxBodyBytes / 1024 / 1024} MiB; providers cap theirs at 25 MB"
        );
}
