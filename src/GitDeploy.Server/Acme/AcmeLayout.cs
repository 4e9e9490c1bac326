namespace GitDeploy.Server.Acme;

/// <summary>
/// Where automatic HTTPS keeps its files in the data directory, all under <c>acme/</c> (0700):
/// <c>accounts/</c> the ACME account (lego's tree, keys sealed), <c>certificates/</c> each domain's
/// certificate and sealed key, <c>runs/</c> one private scratch directory per lego run (removed after it,
/// swept at start), <c>webroot/</c> the directory lego writes challenges into, whose
/// <c>.well-known/acme-challenge</c> is a link to the router's challenge directory.
/// </summary>
public sealed record AcmeLayout(string DataDir)
{
    public string Root => Path.Combine(DataDir, "acme");
    public string Accounts => Path.Combine(Root, "accounts");
    public string Certificates => Path.Combine(Root, "certificates");
    public string Runs => Path.Combine(Root, "runs");
    public string Webroot => Path.Combine(Root, "webroot");

    /// <summary>The parts a backup holds: the account and the certificates (runs and the webroot are remade).</summary>
    public IReadOnlyList<string> BackedUp => [Accounts, Certificates];
}
