namespace GitDeploy.Runtime.Router;

public readonly record struct RouteTarget(TargetKind Kind, string App = "", string Env = "", bool ForceHttps = false);
