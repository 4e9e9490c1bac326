using System.Collections;
using System.Text.Json;
using System.Text.RegularExpressions;
using GitDeploy.State;

namespace GitDeploy.Deploys.Branches;

/// <summary>
/// Which pushed branch deploys to which environment, in order: the one model for an app's own map
/// (<c>apps set --branch</c>, pushes) and its webhook source's (<c>apps source --branch</c>). One name
/// rule, one default (SPEC §5: main/master → production, stage → stage), one stored form (<c>a=b,c=d</c>;
/// the JSON an older server stored for apps is still read).
/// </summary>
public sealed partial class BranchMapping : IReadOnlyList<KeyValuePair<string, string>>
{
    /// <summary>Given as ENV in a change, removes the branch from the map.</summary>
    public const string None = "none";
    public const string BranchRule = "letters, digits, '.', '_', '-', '/'";

    private readonly List<KeyValuePair<string, string>> _pairs;

    private BranchMapping(IEnumerable<KeyValuePair<string, string>> pairs) => _pairs = pairs.ToList();

    public static BranchMapping Default { get; } = new([
        KeyValuePair.Create("main", Environments.Production),
        KeyValuePair.Create("master", Environments.Production),
        KeyValuePair.Create("stage", Environments.Stage),
    ]);

    [GeneratedRegex(@"^(?!-)(?!.*\.\.)(?!.*//)(?!.*\.lock\z)[A-Za-z0-9._/-]{1,100}(?<![/.])\z")]
    private static partial Regex BranchName();

    /// <summary>A branch this server maps: letters, digits, '.', '_', '-', '/', no "..", checked whole.</summary>
    public static bool IsBranchName(string branch) => BranchName().IsMatch(branch);

    public IEnumerable<string> Branches => _pairs.Select(p => p.Key);

    public string? EnvFor(string branch) => _pairs.FirstOrDefault(p => p.Key == branch).Value;

    /// <summary>What a deploy URL without a branch deploys: the branch that goes to production, else the
    /// first.</summary>
    public string? ProductionBranch =>
        _pairs.FirstOrDefault(p => p.Value == Environments.Production, _pairs.FirstOrDefault()).Key;

    public string Describe() =>
        _pairs.Count == 0 ? "no branch deploys" : string.Join(", ", _pairs.Select(p => $"{p.Key} → {p.Value}"));

    /// <summary>The stored form: <c>main=production,stage=stage</c> (empty: nothing deploys).</summary>
    public string Format() => string.Join(",", _pairs.Select(p => $"{p.Key}={p.Value}"));

    public Dictionary<string, string> ToDictionary() => _pairs.ToDictionary(p => p.Key, p => p.Value);

    /// <summary>A stored map: <c>a=b,c=d</c>, or the JSON object an older server wrote for apps.</summary>
    public static BranchMapping Parse(string stored)
    {
        if (stored.TrimStart().StartsWith('{'))
            return new(JsonSerializer.Deserialize<Dictionary<string, string>>(stored) ?? []);
        return new(stored.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).Select(p => KeyValuePair.Create(p[0], p[1])));
    }

    /// <summary>This map with each BRANCH set to ENV (<see cref="None"/>: removed), or the first change's
    /// error.</summary>
    public (BranchMapping? Map, string? Error) With(IEnumerable<(string Branch, string Env)> changes)
    {
        var pairs = _pairs.ToList();
        foreach (var (branch, env) in changes)
        {
            if (Refusal(branch, env, allowNone: true) is { } refusal) return (null, refusal);
            pairs.RemoveAll(p => p.Key == branch);
            if (env != None) pairs.Add(KeyValuePair.Create(branch, env));
        }
        return (new BranchMapping(pairs), null);
    }

    /// <summary>A whole new map from <c>BRANCH=ENV</c> entries; an error says which entry and what is
    /// allowed.</summary>
    public static (BranchMapping? Map, string? Error) FromEntries(IEnumerable<string> entries)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var entry in entries)
        {
            var parts = entry.Split('=', 2);
            if (parts.Length != 2) return (null, $"--branch '{entry}' must be BRANCH=ENV, e.g. main=production");
            var (branch, env) = (parts[0], parts[1]);
            if (Refusal(branch, env, allowNone: false) is { } refusal) return (null, refusal);
            if (pairs.Any(p => p.Key == branch))
                return (null, $"branch {branch} is mapped twice; give each branch one environment");
            pairs.Add(KeyValuePair.Create(branch, env));
        }
        return pairs.Count == 0 ? (null, "give at least one --branch BRANCH=ENV") : (new BranchMapping(pairs), null);
    }

    private static string? Refusal(string branch, string env, bool allowNone)
    {
        if (!IsBranchName(branch)) return $"'{branch}' is not a branch name this server accepts ({BranchRule})";
        if (Environments.All.Contains(env) || (allowNone && env == None)) return null;
        var choices = string.Join(" or ", Environments.All) + (allowNone ? $", or {None} to stop deploying it" : "");
        return $"'{env}' is not an environment: use {choices}";
    }

    public int Count => _pairs.Count;
    public KeyValuePair<string, string> this[int index] => _pairs[index];
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _pairs.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
