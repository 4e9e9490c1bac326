namespace GitDeploy.Git.GitHttp;

/// <summary>What the host decides for one git request. Expected refusals are values, not exceptions.</summary>
public sealed record GitAccessDecision(bool Allowed, int StatusCode, string Principal, string Message)
{
    public static GitAccessDecision Allow(string principal) => new(true, 200, principal, "");

    public static GitAccessDecision Challenge(string message) => new(false, 401, "", message);

    public static GitAccessDecision Deny(int status, string message) => new(false, status, "", message);
}
