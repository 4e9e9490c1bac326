using GitDeploy.Deploys.Queue;
using GitDeploy.Deploys.Releases;
using GitDeploy.Git;
using GitDeploy.Git.Repos;
using GitDeploy.Server.Api.Contracts;

namespace GitDeploy.Server.Api;

/// <summary>/api/apps/APP/releases and /deploys: what was built, what happened, and deploys of any ref.</summary>
public static class ReleasesApi
{
    public static IEndpointRouteBuilder MapReleasesApi(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/api/apps/{app}");
        g.MapGet("/releases", List).Require(Permission.Read);
        g.MapGet("/releases/{tag}", Info).Require(Permission.Read);
        g.MapGet(
                "/releases/{tag}/build-log",
                (string app, string tag, BuildLogs logs) =>
                    logs.PathOf(app, tag) is { } path
                        ? Results.Text(File.ReadAllText(path))
                        : ApiErrors.Error(
                            404,
                            $"no stored build log for release {tag} of {app}; see `gitdeploy releases {app}`"
                        )
            )
            .Require(Permission.Logs);
        g.MapPost("/releases/{tag}/pin", Pin).Require(Permission.Release);
        g.MapGet(
                "/deploys",
                (string app, AppStore apps, DeployStore deploys) =>
                    apps.Find(app) is null
                        ? ApiErrors.NotFoundApp(app)
                        : Results.Json(deploys.List(app, 50).Select(DeployLogApi.View))
            )
            .Require(Permission.Read);
        g.MapGet(
                "/deploys/{id:long}",
                (string app, long id, DeployStore deploys) =>
                    deploys.Find(app, id) is { } d
                        ? Results.Json(DeployLogApi.View(d))
                        : ApiErrors.Error(404, $"no deploy #{id} of {app}; see `gitdeploy deploys {app}`")
            )
            .Require(Permission.Read);
        g.MapPost("/deploys", DeployRef).Require(Permission.Deploy);
        return routes;
    }

    private static IResult List(
        string app,
        string? env,
        AppStore apps,
        ReleaseStore releases,
        EnvironmentStore envs,
        DeployStore deploys
    )
    {
        if (apps.Find(app) is null)
            return ApiErrors.NotFoundApp(app);
        if (env is not null && !InstancesApi.TryEnv(env, out _, out var error))
            return error!;
        var live = Live(app, envs);
        var inEnv = env is null
            ? null
            : deploys.List(app, 10_000).Where(d => d.Env == env && d.Tag is not null).Select(d => d.Tag!).ToHashSet();
        return Results.Json(
            releases.List(app).Where(r => inEnv is null || inEnv.Contains(r.Tag)).Select(r => ReleaseView.From(r, live))
        );
    }

    private static List<(string Env, string? Tag)> Live(string app, EnvironmentStore envs) =>
        Environments.All.Select(e => (Env: e, Tag: envs.ActiveTag(app, e))).ToList();

    private static IResult Info(
        string app,
        string tag,
        ReleaseStore releases,
        EnvironmentStore envs,
        DeployStore deploys,
        ReleaseFiles files,
        HttpContext ctx
    )
    {
        var r = releases.Find(app, tag);
        if (r is null)
            return ApiErrors.Error(404, $"{app} has no release {tag}; see `gitdeploy releases {app}`");
        var live = Live(app, envs);
        var manifest = files.Manifest(app, tag);
        var buildLog = $"{ctx.Request.Scheme}://{ctx.Request.Host}/api/apps/{app}/releases/{tag}/build-log";
        var made = deploys
            .List(app, 10_000)
            .Where(d => d.Tag == tag)
            .Select(d => new ReleaseDeployView(d.Id, d.Env, d.Trigger, d.Actor, d.Status, d.StartedAt, d.FinishedAt));
        return Results.Json(
            new ReleaseInfoView(
                ReleaseView.From(r, live),
                manifest?.RuntimeVersion,
                manifest?.StartCommand,
                buildLog,
                made.ToList()
            )
        );
    }

    private static IResult Pin(string app, string tag, PinRequest body, ReleasePins pins, HttpContext ctx)
    {
        var r = pins.Set(app, tag, body.Pinned, ctx.Principal().Name);
        return r.Ok
            ? Results.Json(
                new
                {
                    app,
                    tag,
                    pinned = body.Pinned,
                }
            )
            : ApiErrors.Error(InstancesApi.StatusOf(r.Failure), r.Message);
    }

    /// <summary>Build and deploy any branch, tag or commit already in the app's repository.</summary>
    private static IResult DeployRef(
        string app,
        DeployRefRequest body,
        AppStore apps,
        RepoManager repos,
        BranchMap branches,
        DeployService deploys,
        HttpContext ctx
    )
    {
        if (apps.Find(app) is null)
            return ApiErrors.NotFoundApp(app);
        if (string.IsNullOrWhiteSpace(body.Ref))
            return ApiErrors.Error(400, "say what to deploy: a branch, a tag or a commit (--ref)");
        if (!RefName.IsValid(body.Ref))
            return ApiErrors.Error(400, $"'{body.Ref}' is not a ref: {RefName.Rule}");
        var commit = repos.FindCommit(app, body.Ref);
        if (commit is null)
            return ApiErrors.Error(
                404,
                $"'{body.Ref}' is not a branch, tag or commit of {app}'s repository; push it first"
            );
        string env;
        if (body.Env is not null)
        {
            if (!InstancesApi.TryEnv(body.Env, out env, out var error))
                return error!;
        }
        else
            env = branches.For(app).EnvFor(body.Ref) ?? Environments.Production;
        var handle = deploys.Start(
            new DeployRequest
            {
                App = app,
                Env = env,
                Ref = body.Ref,
                Commit = commit.Sha,
                Trigger = DeployTrigger.Api,
                Actor = ctx.Principal().Name,
            }
        );
        var location = $"/api/apps/{app}/deploys/{handle.Id}";
        ctx.Response.Headers.Location = location;
        return Results.Json(
            new
            {
                id = handle.Id,
                app,
                env,
                @ref = body.Ref,
                commit = commit.Sha,
                location,
            },
            statusCode: 202
        );
    }
}
