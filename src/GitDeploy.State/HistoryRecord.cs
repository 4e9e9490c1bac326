namespace GitDeploy.State;

public sealed record HistoryRecord(
    long Id,
    string App,
    string? Env,
    string Action,
    string Detail,
    string Actor,
    string At
);
