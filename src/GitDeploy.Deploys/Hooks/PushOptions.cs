namespace GitDeploy.Deploys.Hooks;

/// <summary>The push options (<c>git push -o NAME[=VALUE]</c>) GitDeploy knows, as the hooks send them.</summary>
public sealed record PushOptions(bool PrintBuildLogs, bool NoCache, bool? Strict, IReadOnlyList<string> Unknown)
{
    public const string Header = "X-GitDeploy-Push-Option";
    public const string Known = "printBuildLogs=true, noCache=true, strict=true|false";

    public static PushOptions Parse(IEnumerable<string?> raw)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var o in raw)
        {
            if (string.IsNullOrEmpty(o)) continue;
            var i = o.IndexOf('=');
            var (k, v) = i < 0 ? (o, "true") : (o[..i], o[(i + 1)..]);
            if (k is "printBuildLogs" or "noCache" or "strict") values[k] = v;
            else unknown.Add(o);
        }
        bool? strict = values.GetValueOrDefault("strict") switch { "true" => true, "false" => false, _ => null };
        return new PushOptions(
            values.GetValueOrDefault("printBuildLogs") == "true", values.GetValueOrDefault("noCache") == "true",
            strict, unknown);
    }
}
