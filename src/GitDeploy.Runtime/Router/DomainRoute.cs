using System.Collections.Concurrent;
using GitDeploy.State;

namespace GitDeploy.Runtime.Router;

public sealed record DomainRoute(string App, string Env, bool ForceHttps);
