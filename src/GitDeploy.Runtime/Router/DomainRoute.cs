namespace GitDeploy.Runtime.Router;

public sealed record DomainRoute(string App, string Env, bool ForceHttps);
