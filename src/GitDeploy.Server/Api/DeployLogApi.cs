using GitDeploy.Deploys.Queue;

namespace GitDeploy.Server.Api;

/// <summary>
/// The deploy resource's view and <c>/api/apps/APP/deploys/ID/log</c>: the stored log as text (all
/// of it, build detail included), or with <c>?follow=true</c> while the deploy runs, its lines as
/// they come (what a pusher sees) until it ends.
/// </summary>
public static class DeployLogApi
{
    public static Contracts.DeployView View(DeployRecord d) => Contracts.DeployView.From(d);

    public static IEndpointRouteBuilder MapDeployLogApi(this IEndpointRouteBuilder routes)
    {
        routes
            .MapGet(
                "/api/apps/{app}/deploys/{id:long}/log",
                (string app, long id, bool? follow, DeployStore deploys, DeployService service, HttpContext ctx) =>
                {
                    var record = deploys.Find(app, id);
                    if (record is null)
                        return ApiErrors.Error(404, $"no deploy #{id} of {app}; see `gitdeploy deploys {app}`");
                    // A deploy that has ended answers with its stored log, even while its live log is still being let
                    // go.
                    var ended = record.Status is DeployStatus.Succeeded or DeployStatus.Failed;
                    if (follow == true && !ended && service.LiveLog(id) is { } live)
                        return Results.Stream(
                            async body =>
                            {
                                await using var writer = new StreamWriter(body);
                                try
                                {
                                    await foreach (var line in live.ReadAllAsync(ctx.RequestAborted))
                                    {
                                        await writer.WriteLineAsync(line);
                                        await writer.FlushAsync(ctx.RequestAborted);
                                    }
                                }
                                catch (OperationCanceledException) { } // the follower hung up; the deploy goes on
                            },
                            "text/plain; charset=utf-8"
                        );
                    var path = service.LogPath(app, id);
                    if (!File.Exists(path))
                        return Results.Text("", "text/plain; charset=utf-8");
                    using var file = new FileStream(
                        path,
                        FileMode.Open,
                        FileAccess.Read,
                        FileShare.ReadWrite | FileShare.Delete
                    );
                    return Results.Text(new StreamReader(file).ReadToEnd(), "text/plain; charset=utf-8");
                }
            )
            .Require(Permission.Logs);
        return routes;
    }
}
