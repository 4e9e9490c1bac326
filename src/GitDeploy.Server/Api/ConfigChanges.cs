using GitDeploy.Deploys.Releases;

namespace GitDeploy.Server.Api;

/// <summary>
/// A change of an environment's variables, checked whole before anything is stored (names, reserved
/// names, each value's and the environment's size), recorded in history by name only (never a value),
/// and applied at once with a restart when asked. The API and the dashboard both go through it.
/// </summary>
public sealed class ConfigChanges(
    AppStore apps,
    ConfigStore configs,
    HistoryStore history,
    ReleaseOperations ops,
    EnvironmentStore envs
)
{
    public async Task<ConfigChangeResult> ApplyAsync(
        string app,
        string env,
        IReadOnlyDictionary<string, string> set,
        IReadOnlyList<string> unset,
        bool restart,
        string actor
    )
    {
        ConfigChangeResult Refused(int status, string message) => new(false, status, message, [], []);
        if (apps.Find(app) is null)
            return Refused(
                404,
                $"no app named '{app}'; see `gitdeploy apps list`, or create it with "
                    + $"`gitdeploy apps create {app}`"
            );
        foreach (var name in set.Keys.Concat(unset))
        {
            if (!AppEnvironment.NamePattern.IsMatch(name))
                return Refused(
                    400,
                    $"'{name}' is not a variable name: use letters, digits and '_', not starting with a digit"
                );
            if (AppEnvironment.IsReserved(name))
                return Refused(
                    400,
                    $"{name} is set by the platform and cannot be changed (names starting with "
                        + "LEANCLOUD or LC_, and PORT, HOME, TMPDIR, PATH, VIRTUAL_ENV, PERSISTENT_DIR are built in); "
                        + "choose another name"
                );
        }
        foreach (var (name, value) in set)
            if (AppEnvironment.ValueRefusal(name, value) is { } refusal)
                return Refused(400, refusal);
        var after = new Dictionary<string, string>(configs.List(app, env), StringComparer.Ordinal);
        foreach (var (name, value) in set)
            after[name] = value;
        foreach (var name in unset)
            after.Remove(name);
        if (set.Count > 0 && AppEnvironment.TotalRefusal(after) is { } tooMuch)
            return Refused(400, $"{app} ({env}): {tooMuch}");
        if (set.Count > 0)
            configs.Set(app, env, set);
        var removed = unset.Count > 0 ? configs.Unset(app, env, unset) : [];
        if (set.Count > 0)
            history.Add(app, env, "config set", string.Join(", ", set.Keys.Order()), actor);
        if (removed.Count > 0)
            history.Add(app, env, "config unset", string.Join(", ", removed), actor);
        var setNames = set.Keys.Order().ToList();
        var note = "takes effect at the next deploy, rollback or restart";
        if (restart && envs.ActiveTag(app, env) is not null)
        {
            var r = await ops.RestartAsync(app, env, actor);
            if (!r.Ok)
                return new(
                    false,
                    InstancesApi.StatusOf(r.Failure),
                    "config saved, but the restart failed: " + r.Message,
                    setNames,
                    removed
                );
            note = "applied: " + r.Message;
        }
        return new(true, 200, note, setNames, removed);
    }
}
