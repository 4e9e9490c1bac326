using GitDeploy.Deploys.Webhooks;

namespace GitDeploy.Server.Api;

/// <summary>
/// /api/apps/APP/source: where the app's code is hosted, for webhook deploys. The answer carries the
/// webhook URL and secret to paste into the provider; the credentials are never returned, only
/// whether there are some.
/// </summary>
public static class SourceApi
{
    public static IEndpointRouteBuilder MapSourceApi(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/api/apps/{app}/source");
        g.MapGet(
                "",
                (string app, AppStore apps, SourceStore sources, HttpContext ctx) =>
                    apps.Find(app) is null ? ApiErrors.NotFoundApp(app)
                    : sources.Find(app) is { } s ? Results.Json(View(s, ctx, generated: false))
                    : ApiErrors.Error(
                        404,
                        $"{app} has no source repository; set one with `gitdeploy apps source {app} --url URL`"
                    )
            )
            .Require(Permission.Admin);
        g.MapPut("", Set).Require(Permission.Admin);
        g.MapDelete(
                "",
                (string app, AppStore apps, SourceStore sources) =>
                    apps.Find(app) is null
                        ? ApiErrors.NotFoundApp(app)
                        : Results.Json(new { app, removed = sources.Delete(app) })
            )
            .Require(Permission.Admin);
        return routes;
    }

    private static IResult Set(string app, SourceRequest body, AppStore apps, SourceStore sources, HttpContext ctx)
    {
        if (apps.Find(app) is null)
            return ApiErrors.NotFoundApp(app);
        var change = new SourceChange
        {
            Url = body.Url,
            Provider = body.Provider,
            Branches = body.Branches,
            Secret = body.Secret,
            GenerateSecret = body.GenerateSecret ?? false,
            Credentials = body.Credentials,
        };
        var result = SourceChanges.Apply(app, sources.Find(app), change);
        if (result.Error is not null)
            return ApiErrors.Error(400, result.Error);
        sources.Save(result.Record!);
        return Results.Json(View(sources.Find(app)!, ctx, result.SecretGenerated));
    }

    private static object View(SourceRecord record, HttpContext ctx, bool generated)
    {
        var s = SourceSettings.From(record);
        var webhookUrl = $"{ctx.Request.Scheme}://{ctx.Request.Host}{s.WebhookPath}";
        return new
        {
            app = s.App,
            url = s.Url,
            provider = s.Provider,
            branches = s.Branches.Select(b => $"{b.Key}={b.Value}").ToArray(),
            webhookUrl,
            secret = s.Provider == Providers.Generic ? null : s.Secret,
            secretGenerated = generated,
            credentials = s.Credential is null ? "none" : "set (hidden)",
            updatedAt = record.UpdatedAt,
            howTo = HowTo(s, webhookUrl),
        };
    }

    private static string HowTo(SourceSettings s, string url) =>
        s.Provider switch
        {
            Providers.GitHub => "GitHub: repository Settings → Webhooks → Add webhook: Payload "
                + $"URL {url}, Content type application/json, Secret as above, "
                + "\"Just the push event\".",
            Providers.GitLab => "GitLab: project Settings → Webhooks → Add new webhook: URL "
                + $"{url}, Secret token as above, trigger \"Push events\".",
            Providers.Gitea => "Gitea: repository Settings → Webhooks → Add webhook → Gitea: "
                + $"Target URL {url}, POST, application/json, Secret as above, "
                + "trigger on push events.",
            _ => $"Any POST to the URL deploys the head of {s.DefaultBranch} "
                + $"(add ?branch=B for another mapped branch), e.g. curl -X POST {url}",
        };
}
