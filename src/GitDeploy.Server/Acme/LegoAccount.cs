namespace GitDeploy.Server.Acme;

/// <summary>
/// The ACME account lego registers and then reuses: lego's own <c>accounts/</c> tree, kept in
/// <c>DATA/acme/accounts/</c> with each key sealed by the SecretBox (<c>NAME.key.sealed</c>, 0600).
/// For a run it is opened into the run's private directory, and whatever lego wrote there is sealed
/// back afterwards, so the account key is plain on disk only while lego runs, readable by the server only.
/// </summary>
internal sealed class LegoAccount(string root, SecretBox box)
{
    private const string SealedSuffix = ".sealed";

    /// <summary>Writes the account into <paramref name="legoPath"/>/accounts for lego to read.</summary>
    public void OpenInto(string legoPath)
    {
        if (!Directory.Exists(root)) return;
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file);
            if (relative.EndsWith(".tmp", StringComparison.Ordinal)) continue;
            var sealedKey = relative.EndsWith(SealedSuffix, StringComparison.Ordinal);
            var target = Path.Combine(legoPath, "accounts", sealedKey ? relative[..^SealedSuffix.Length] : relative);
            CreateParents(legoPath, target);
            var text = File.ReadAllText(file);
            PrivateFiles.Write(target, sealedKey ? box.Open(text) : text);
        }
    }

    /// <summary>Keeps what lego wrote to <paramref name="legoPath"/>/accounts (a registration), keys sealed.</summary>
    public void SaveFrom(string legoPath)
    {
        var accounts = Path.Combine(legoPath, "accounts");
        if (!Directory.Exists(accounts)) return;
        foreach (var file in Directory.EnumerateFiles(accounts, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(accounts, file);
            var key = relative.EndsWith(".key", StringComparison.Ordinal);
            var target = Path.Combine(root, key ? relative + SealedSuffix : relative);
            CreateParents(root, target);
            var text = File.ReadAllText(file);
            if (key && File.Exists(target) && box.Open(File.ReadAllText(target)) == text) continue;
            PrivateFiles.Write(target, key ? box.Seal(text) : text);
        }
    }

    private static void CreateParents(string top, string file)
    {
        var dir = Path.GetDirectoryName(file)!;
        var parts = Path.GetRelativePath(top, dir).Split('/');
        var path = top;
        PrivateFiles.CreateDirectory(path);
        foreach (var part in parts.Where(p => p != "."))
            PrivateFiles.CreateDirectory(path = Path.Combine(path, part));
    }
}
