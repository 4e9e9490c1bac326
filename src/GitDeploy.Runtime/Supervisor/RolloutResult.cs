using System.Collections.Concurrent;
using GitDeploy.Isolation;
using GitDeploy.Isolation.Processes;
using GitDeploy.Runtime.Logs;
using GitDeploy.Runtime.Processes;
using GitDeploy.Runtime.Router;
using GitDeploy.State;
using Microsoft.Extensions.Logging;

namespace GitDeploy.Runtime.Supervisor;

public sealed record RolloutResult(bool Ok, string Message, IReadOnlyList<string> LogTail);
