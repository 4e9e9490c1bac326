namespace GitDeploy.Server.Api;

/// <summary>Every API error is JSON <c>{"error": "..."}</c> with a message that says what to do.</summary>
public static class ApiErrors
{
    public static IResult Error(int status, string message) =>
        Results.Json(new { error = message }, statusCode: status);

    public static IResult NotFoundApp(string app) =>
        Error(404, $"no app named '{app}'; see `gitdeploy apps list`, or create it with `gitdeploy apps create {app}`");
}
