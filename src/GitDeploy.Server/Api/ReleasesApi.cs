using GitDeploy.Deploys.Releases;
using GitDeploy.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitDeploy.Server.Api;

/// <summary>/api/apps/APP/releases and /deploys: what was built and what happened.</summary>
public static class ReleasesApi
{
    public static IEndpointRouteBuilder MapReleasesApi(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/api/apps/{app}");
        g.MapGet("/releases", (string app, AppStore apps, ReleaseStore releases, EnvironmentStore envs) =>
        {
            if (apps.Find(app) is null) return ApiErrors.NotFoundApp(app);
            var live = Environments.All.Select(e => (Env: e, Tag: envs.ActiveTag(app, e))).ToList();
            return Results.Json(releases.List(app).Select(r => new
            {
                tag = r.Tag, commit = r.CommitSha, message = r.Message, actor = r.Actor, status = r.Status,
                buildSeconds = r.BuildSeconds, createdAt = r.CreatedAt,
                liveOn = live.Where(l => l.Tag == r.Tag).Select(l => l.Env).ToArray(),
            }));
        });
        g.MapGet("/releases/{tag}/build-log", (string app, string tag, ReleaseFiles files) =>
        {
            var path = Path.Combine(files.Dir(app, tag), "build.log");
            return File.Exists(path) ? Results.Text(File.ReadAllText(path)) : ApiErrors.Error(404, $"no stored build log for release {tag} of {app}; see `gitdeploy releases {app}`");
        });
        g.MapGet("/deploys", (string app, AppStore apps, DeployStore deploys) =>
            apps.Find(app) is null ? ApiErrors.NotFoundApp(app) : Results.Json(deploys.List(app, 50).Select(DeployLogApi.View)));
        g.MapGet("/deploys/{id:long}", (string app, long id, DeployStore deploys) =>
            deploys.Find(app, id) is { } d ? Results.Json(DeployLogApi.View(d)) : ApiErrors.Error(404, $"no deploy #{id} of {app}; see `gitdeploy deploys {app}`"));
        return routes;
    }
}
