using System.Text.RegularExpressions;
using GitDeploy.State;

namespace GitDeploy.Deploys.Webhooks;

public static class Providers
{
    public const string GitHub = "github";
    public const string GitLab = "gitlab";
    public const string Gitea = "gitea";
    /// <summary>No provider: a deploy URL with the secret in it (Cloud Engine's deploy webhook).</summary>
    public const string Generic = "generic";
    public static readonly IReadOnlyList<string> All = [GitHub, GitLab, Gitea, Generic];
}

/// <summary>A user name and token for the source repository. Never printed: ToString hides it.</summary>
public sealed record SourceCredential(string User, string Password)
{
    /// <summary>"user:token", or a bare token with the user name the provider expects.</summary>
    public static SourceCredential Parse(string stored, string provider)
    {
        var colon = stored.IndexOf(':');
        if (colon > 0) return new(stored[..colon], stored[(colon + 1)..]);
        return new(provider switch { Providers.GitHub => "x-access-token", Providers.GitLab => "oauth2", _ => "git" }, stored);
    }

    public override string ToString() => "SourceCredential(***)";
}

/// <summary>An app's source settings as the webhook endpoints and the fetcher use them.</summary>
public sealed record SourceSettings(string App, string Url, string Provider, IReadOnlyList<KeyValuePair<string, string>> Branches, string Secret, SourceCredential? Credential)
{
    public static SourceSettings From(SourceRecord r) => new(
        r.App, r.Url, r.Provider, BranchMapping.Parse(r.Branches), r.Secret,
        string.IsNullOrEmpty(r.Credentials) ? null : SourceCredential.Parse(r.Credentials, r.Provider));

    public string? EnvFor(string branch) => Branches.FirstOrDefault(b => b.Key == branch).Value;

    /// <summary>What the generic deploy URL deploys: the branch that goes to production, else the first one.</summary>
    public string DefaultBranch => Branches.FirstOrDefault(b => b.Value == Environments.Production, Branches[0]).Key;

    public string DescribeBranches() => Queue.BranchMap.Describe(Branches);

    /// <summary>Where the provider posts. The generic one carries the secret, so it is as secret as the secret.</summary>
    public string WebhookPath => Provider == Providers.Generic ? $"/webhooks/generic/{App}/{Secret}" : $"/webhooks/{Provider}/{App}";
}

/// <summary>"branch=env" pairs: which pushed branch deploys to which environment.</summary>
public static partial class BranchMapping
{
    [GeneratedRegex(@"^(?!-)(?!.*\.\.)(?!.*//)(?!.*\.lock\z)[A-Za-z0-9._/-]{1,100}(?<![/.])\z")]
    private static partial Regex BranchName();

    /// <summary>A branch this server maps: letters, digits, '.', '_', '-', '/', no "..", checked whole.</summary>
    public static bool IsBranchName(string branch) => BranchName().IsMatch(branch);

    public const string BranchRule = "letters, digits, '.', '_', '-', '/'";

    public static IReadOnlyList<KeyValuePair<string, string>> Default =>
        Queue.BranchMap.Default.Select(kv => KeyValuePair.Create(kv.Key, kv.Value)).ToList();

    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string stored) =>
        stored.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).Select(p => KeyValuePair.Create(p[0], p[1])).ToList();

    public static string Format(IEnumerable<KeyValuePair<string, string>> pairs) => string.Join(",", pairs.Select(p => $"{p.Key}={p.Value}"));

    /// <summary>Validates "main=production" entries; an error says which entry and what is allowed.</summary>
    public static (IReadOnlyList<KeyValuePair<string, string>>? Pairs, string? Error) Validate(IEnumerable<string> entries)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var entry in entries)
        {
            var parts = entry.Split('=', 2);
            if (parts.Length != 2) return (null, $"--branch '{entry}' must be BRANCH=ENV, e.g. main=production");
            var (branch, env) = (parts[0], parts[1]);
            if (!IsBranchName(branch))
                return (null, $"'{branch}' is not a branch name this server accepts ({BranchRule})");
            if (!Environments.All.Contains(env)) return (null, $"'{env}' is not an environment: use {string.Join(" or ", Environments.All)}");
            if (pairs.Any(p => p.Key == branch)) return (null, $"branch {branch} is mapped twice; give each branch one environment");
            pairs.Add(KeyValuePair.Create(branch, env));
        }
        return pairs.Count == 0 ? (null, "give at least one --branch BRANCH=ENV") : (pairs, null);
    }
}
