using Microsoft.AspNetCore.Http;

namespace GitDeploy.Deploys.Webhooks;

/// <summary>The webhook endpoints' answers: JSON, errors as <c>{"error": "..."}</c> like the API's.</summary>
public static class WebhookResults
{
    public static string DeployPath(string app, long id) => $"/api/apps/{app}/deploys/{id}";

    public static IResult Error(int status, string message) =>
        Results.Json(new { error = message }, statusCode: status);

    public static IResult Ok(string status, string message) => Results.Json(new { status, message });

    public static IResult Ignored(string reason) => Results.Json(new { status = "ignored", reason });

    public static IResult Duplicate(string app, long? deployId, string reason) =>
        Results.Json(
            new
            {
                status = "duplicate",
                deploy = deployId,
                url = deployId is { } id ? DeployPath(app, id) : null,
                reason,
            }
        );

    public static IResult Accepted(
        string app,
        long id,
        string env,
        string branch,
        string? commit,
        bool coalesced,
        string message
    ) =>
        Results.Accepted(
            DeployPath(app, id),
            new
            {
                status = "accepted",
                deploy = id,
                url = DeployPath(app, id),
                log = DeployPath(app, id) + "/log?follow=true",
                app,
                env,
                branch,
                commit,
                coalesced,
                message,
            }
        );
}
