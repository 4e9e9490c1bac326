namespace GitDeploy.Deploys.Hooks;

/// <summary>One line of a hook's input: <c>OLD NEW REF</c>.</summary>
public sealed record RefUpdate(string Old, string New, string Ref)
{
    public const string Zero = "0000000000000000000000000000000000000000";
    private const string Heads = "refs/heads/";

    /// <summary>The branch this update creates or moves; null for tags, other refs and deletions.</summary>
    public string? Branch =>
        New != Zero && Ref.StartsWith(Heads, StringComparison.Ordinal) ? Ref[Heads.Length..] : null;

    public static async Task<List<RefUpdate>> ReadAllAsync(Stream body)
    {
        using var reader = new StreamReader(body);
        var updates = new List<RefUpdate>();
        while (await reader.ReadLineAsync() is { } line)
        {
            var parts = line.Split(' ', 3);
            if (parts.Length == 3)
                updates.Add(new RefUpdate(parts[0], parts[1], parts[2]));
        }
        return updates;
    }
}
