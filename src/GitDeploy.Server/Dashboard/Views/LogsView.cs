using GitDeploy.Runtime.Logs;

namespace GitDeploy.Server.Dashboard.Views;

/// <param name="Instances">The instance names seen in the app's log, for the filter.</param>
public sealed record LogsView(
    string App, LogQuery Query, IReadOnlyList<LogLine> Lines, IReadOnlyList<string> Instances);
