namespace GitDeploy.State;

/// <param name="Number">The app's row number: names its own user in the sandbox (uid = base + number).</param>
public sealed record AppRecord(
    string Name,
    string CreatedAt,
    string AppId,
    string AppKey,
    string MasterKey,
    string HookKey,
    long Number = 0
);
