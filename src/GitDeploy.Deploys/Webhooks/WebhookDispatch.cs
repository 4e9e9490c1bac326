using GitDeploy.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GitDeploy.Deploys.Webhooks;

/// <summary>
/// What a verified delivery leads to. Pings: 200. Other events: 200 "ignored". Tag pushes: 200
/// "ignored" (branches deploy, tags do not). A deleted branch: 200 "ignored", the environment keeps
/// serving. A branch that maps to no environment: 200 "ignored" with the mapping. A delivery id
/// seen before: 200 "duplicate". A commit already live: 200 "ignored". Otherwise 202 with the
/// deploy's <c>Location</c>.
/// </summary>
public sealed class WebhookDispatch(
    WebhookDeploys deploys,
    WebhookDeliveryStore deliveries,
    ILogger<WebhookDispatch> log
)
{
    private const string Heads = "refs/heads/";
    private const string Tags = "refs/tags/";

    public IResult Handle(SourceSettings source, WebhookEvent ev, string? deliveryId)
    {
        var app = source.App;
        if (ev.Kind == WebhookEventKind.Ping)
            return WebhookResults.Ok(
                "pong",
                $"{app}'s {source.Provider} webhook works: pushes deploy ({source.DescribeBranches()})"
            );
        if (ev.Kind == WebhookEventKind.Other)
            return WebhookResults.Ignored(
                $"'{ev.Name}' events do not deploy, only pushes do; you can "
                    + "leave them out in the webhook's settings"
            );
        var gitRef = ev.Ref!;
        if (gitRef.StartsWith(Tags, StringComparison.Ordinal))
            return WebhookResults.Ignored(
                $"tag {gitRef[Tags.Length..]} was pushed: tags do not deploy, "
                    + $"branch pushes do ({source.DescribeBranches()})"
            );
        if (!gitRef.StartsWith(Heads, StringComparison.Ordinal))
            return WebhookResults.Ignored($"{gitRef} is not a branch: only branch pushes deploy");
        var branch = gitRef[Heads.Length..];
        if (source.EnvFor(branch) is not { } env)
            return WebhookResults.Ignored(
                $"branch {branch} deploys nowhere ({source.DescribeBranches()}); "
                    + $"map it with `gitdeploy apps source {app} --branch {branch}=ENV`"
            );
        if (ev.Deleted)
            return WebhookResults.Ignored(
                $"branch {branch} was deleted at the source: nothing to deploy; "
                    + $"{env} keeps serving its current release"
            );

        if (deliveryId is not null && !deliveries.TryBegin(app, deliveryId, source.Provider))
        {
            var seen = deliveries.Find(app, deliveryId);
            return WebhookResults.Duplicate(
                app,
                seen?.DeployId,
                $"delivery {deliveryId} was received before ({seen?.Outcome ?? "being handled"}): "
                    + "nothing is deployed twice"
            );
        }
        Submitted submitted;
        try
        {
            submitted = deploys.Submit(app, env, branch, ev.After, ev.Actor);
        }
        catch
        {
            if (deliveryId is not null)
                deliveries.Forget(app, deliveryId);
            throw;
        }
        var outcome = submitted.Outcome switch
        {
            SubmitOutcome.AlreadyLive => $"already live as {submitted.LiveTag}",
            SubmitOutcome.Coalesced => $"joined deploy #{submitted.DeployId}",
            _ => $"started deploy #{submitted.DeployId}",
        };
        if (deliveryId is not null)
            deliveries.Finish(app, deliveryId, submitted.DeployId, outcome);
        log.WebhookPush(source.Provider, branch, ev.After, app, deliveryId ?? "-", outcome);
        return Respond(app, env, branch, ev.After, submitted);
    }

    public static IResult Respond(string app, string env, string branch, string? commit, Submitted submitted)
    {
        var shortCommit = commit is null ? $"the head of {branch}" : commit[..7];
        return submitted.Outcome switch
        {
            SubmitOutcome.AlreadyLive => WebhookResults.Ignored(
                $"commit {shortCommit} is already live on {env} as {submitted.LiveTag}: nothing to rebuild"
            ),
            SubmitOutcome.Coalesced => WebhookResults.Accepted(
                app,
                submitted.DeployId!.Value,
                env,
                branch,
                commit,
                coalesced: true,
                $"deploy #{submitted.DeployId} of {app} to {env} is already "
                    + $"waiting or running; it deploys {shortCommit}, the newest push"
            ),
            _ => WebhookResults.Accepted(
                app,
                submitted.DeployId!.Value,
                env,
                branch,
                commit,
                coalesced: false,
                $"deploying {shortCommit} of {branch} to {env}"
            ),
        };
    }
}
