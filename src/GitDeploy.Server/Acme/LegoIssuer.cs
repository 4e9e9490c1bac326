using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CliWrap;
using CliWrap.Buffered;
using Microsoft.Extensions.Logging;

namespace GitDeploy.Server.Acme;

/// <summary>
/// Obtains certificates with Debian's <c>lego</c> (the client Dokku's letsencrypt plugin drives), http-01
/// in webroot mode: lego writes each challenge into the directory the router already answers
/// <c>/.well-known/acme-challenge/</c> from, on every host. The domain's key is made here and only a
/// CSR is given to lego, so that key never touches the disk in plain text; the account key is opened
/// into the run's private directory for the run only (<see cref="LegoAccount"/>).
/// </summary>
public sealed class LegoIssuer(AcmeOptions options, AcmeLayout layout, string challengeDir, SecretBox box,
    ILogger<LegoIssuer> log) : ICertificateIssuer
{
    private readonly LegoAccount _account = new(layout.Accounts, box);

    public string? Problem()
    {
        if (options.Email is null)
            return "the server has no ACME account e-mail: restart it with --acme-email you@example.com "
                + "(the CA's contact about this server's certificates)";
        if (!OnPath(options.Lego))
            return $"the ACME client {options.Lego} is not installed on the server: apt-get install lego";
        return null;
    }

    public async Task<IssueResult> IssueAsync(string domain, CancellationToken ct)
    {
        if (Problem() is { } problem) return IssueResult.Failed(problem);
        PrepareWebroot();
        PrivateFiles.CreateDirectory(layout.Root);
        PrivateFiles.CreateDirectory(layout.Runs);
        var name = $"{domain}-{Guid.NewGuid():N}"[..(domain.Length + 9)];
        var run = PrivateFiles.CreateDirectory(Path.Combine(layout.Runs, name));
        try
        {
            var lego = PrivateFiles.CreateDirectory(Path.Combine(run, "lego"));
            _account.OpenInto(lego);
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var csr = Path.Combine(run, "request.csr");
            await File.WriteAllTextAsync(csr, SigningRequest(domain, key), ct);
            var (exit, output) = await RunAsync(run, lego, csr, ct);
            _account.SaveFrom(lego);
            if (exit is null)
                return IssueResult.Failed($"lego did not finish within {options.AttemptTimeout.TotalMinutes:0.#} min");
            if (exit != 0) return IssueResult.Failed(LegoErrors.Explain(output, exit.Value));
            var crt = Path.Combine(lego, "certificates", domain + ".crt");
            if (!File.Exists(crt))
                return IssueResult.Failed($"lego finished but wrote no certificate for {domain}: "
                    + LegoErrors.Explain(output, 0));
            return IssueResult.Issued(await File.ReadAllTextAsync(crt, ct), key.ExportPkcs8PrivateKeyPem());
        }
        finally
        {
            Directory.Delete(run, recursive: true);
        }
    }

    /// <returns>lego's exit code and output, or a null exit code when it ran out of time.</returns>
    private async Task<(int? Exit, string Output)> RunAsync(string run, string lego, string csr, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.AttemptTimeout);
        string[] args =
        [
            "--accept-tos", "--email", options.Email!, "--server", options.DirectoryUrl, "--path", lego, "--csr", csr,
            "--http", "--http.webroot", layout.Webroot, "run",
        ];
        try
        {
            var r = await Cli.Wrap(options.Lego).WithArguments(args).WithWorkingDirectory(run)
                .WithEnvironmentVariables(e => e.Set("HOME", run).Set("LEGO_CA_CERTIFICATES", options.CaFile)
                    .Set(SecretBox.KeyVariable, null).Set("GITDEPLOY_ADMIN_TOKEN", null)) // none of lego's business
                .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(timeout.Token);
            var output = r.StandardError.Trim().Length > 0 ? r.StandardError : r.StandardOutput;
            if (r.ExitCode != 0) log.LogDebug("lego exited with {Exit}: {Output}", r.ExitCode, output);
            return (r.ExitCode, output);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, "");
        }
    }

    /// <summary>lego's webroot: its .well-known/acme-challenge is the router's challenge directory.</summary>
    private void PrepareWebroot()
    {
        Directory.CreateDirectory(challengeDir);
        var wellKnown = Directory.CreateDirectory(Path.Combine(layout.Webroot, ".well-known")).FullName;
        var link = new DirectoryInfo(Path.Combine(wellKnown, "acme-challenge"));
        if (link.LinkTarget == challengeDir) return;
        if (link.LinkTarget is not null) link.Delete();
        else if (link.Exists) link.Delete(recursive: true);
        Directory.CreateSymbolicLink(link.FullName, challengeDir);
    }

    private static string SigningRequest(string domain, ECDsa key)
    {
        // A CN is at most 64 characters; the name is in the SAN either way, which is what CAs read.
        var request = new CertificateRequest(domain.Length <= 64 ? $"CN={domain}" : "", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(domain);
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSigningRequestPem();
    }

    private static bool OnPath(string executable) => executable.Contains('/')
        ? File.Exists(executable)
        : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, executable)));
}
