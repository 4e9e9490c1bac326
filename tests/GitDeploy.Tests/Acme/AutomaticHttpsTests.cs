using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Acme;

/// <summary>
/// `domains add … --https auto` against a real ACME CA (pebble) on loopback: the certificate is obtained
/// through the router's challenge path and served by SNI without a restart; a domain whose challenge
/// cannot be answered says why and keeps serving HTTP.
/// </summary>
[Trait("Category", "Acme")]
public class AutomaticHttpsTests
{
    [Fact(Timeout = 300_000)]
    public async Task AutoDomain_ServesAPebbleCertificateBySni_WithoutRestart_ForcesHttps_AndIsBackedUp()
    {
        await using var pebble = Pebble.Prepare();
        await using var server = await AcmeServer.StartAsync(pebble);
        await pebble.StartAsync(server.Port);
        await pebble.PointAtThisMachineAsync("secure.test");
        var repo = await AppRepo.CreateAsync(server, "site", d => ControlApp.Write(d));
        (await repo.PushAsync()).ShouldSucceed();

        var add = await GitdeployCli.RunAsync(server, "domains", "add", "site", "secure.test", "--https", "auto",
            "--force-https");
        Assert.True(add.Exit == 0, add.Out + add.Err);
        Assert.Contains("HTTPS auto", add.Out);
        var listed = await AcmeServer.WaitForCertificateAsync(server, "site", "secure.test");
        Assert.StartsWith("Pebble Intermediate CA", listed.GetProperty("issuer").GetString());
        Assert.Equal("auto", listed.GetProperty("https").GetString());

        using var browser = new TlsClient(server.HttpsUri!.Port, await pebble.RootAsync());
        using var secure = await browser.GetAsync("secure.test", "/headers");
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.Contains("X-Forwarded-Proto: https", await secure.Content.ReadAsStringAsync());
        var served = browser.Last!;
        Assert.Equal("CN=secure.test", served.Subject);
        Assert.StartsWith("CN=Pebble Intermediate CA", served.Issuer);
        Assert.Equal(listed.GetProperty("expiresAt").GetDateTimeOffset(),
            new DateTimeOffset(served.NotAfter.ToUniversalTime()));

        using var redirect = await server.GetAppAsync("secure.test", "/some/path?x=1");
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        Assert.Equal($"https://secure.test:{server.HttpsUri.Port}/some/path?x=1",
            redirect.Headers.Location!.ToString());

        var list = await GitdeployCli.RunAsync(server, "domains", "list", "site");
        Assert.True(list.Exit == 0, list.Out + list.Err);
        Assert.Matches(@"secure\.test\s+production\s+auto\s+yes\s+Pebble Intermediate CA \w+\s+"
            + @"\d{4}-\d\d-\d\d \d\d:\d\d UTC", list.Out);
        await Poll.UntilAsync(
            () => AcmeServer.ServerLog(server).Contains("certificate for secure.test obtained from Pebble"),
            TimeSpan.FromSeconds(10), "the server's log to say the certificate was obtained");
        Assert.Contains("secure.test: certificate obtained from Pebble Intermediate CA",
            await AcmeServer.HistoryAsync(server, "site"));
        AssertKeysSealed(server.DataDir, "secure.test");

        // A backup holds the account and the certificate: a server restored from it serves the same one.
        var backup = Path.Combine(TestEnvironment.TempDir("gd-backup"), "acme.tar.gz");
        var saved = await GitdeployCli.RunAsync(server, "backup", backup);
        Assert.True(saved.Exit == 0, saved.Out + saved.Err);
        var entries = await TarEntriesAsync(backup);
        Assert.Contains("acme/certificates/secure.test.crt", entries);
        Assert.Contains("acme/certificates/secure.test.key.sealed", entries);
        Assert.Contains(entries, e => e.StartsWith("acme/accounts/") && e.EndsWith(".key.sealed"));
        var restoredDir = TestEnvironment.TempDir("gd-restored");
        var restored = await GitdeployCli.RunAsync(server, "restore", backup, "--data", restoredDir);
        Assert.True(restored.Exit == 0, restored.Out + restored.Err);
        AssertKeysSealed(restoredDir, "secure.test");
        var issued = pebble.Issued;
        await using (var copy = await AcmeServer.StartAsync(pebble, restoredDir))
        {
            using var copyBrowser = new TlsClient(copy.HttpsUri!.Port, await pebble.RootAsync());
            await Poll.UntilAsync(async () =>
            {
                using var r = await copyBrowser.GetAsync("secure.test");
                return r.StatusCode == HttpStatusCode.OK;
            }, TimeSpan.FromSeconds(120), "the restored server to serve the app over HTTPS");
            Assert.Equal(served.SerialNumber, copyBrowser.Last!.SerialNumber);
        }
        Assert.Equal(issued, pebble.Issued);
    }

    [Fact(Timeout = 300_000)]
    public async Task ChallengeThatCannotBeAnswered_ShowsItsErrorInDomainsList_KeepsServingHttp_AndSetAutoTriesAgain()
    {
        await using var pebble = Pebble.Prepare();
        await using var server = await AcmeServer.StartAsync(pebble);
        await pebble.StartAsync(server.Port);
        var repo = await AppRepo.CreateAsync(server, "site", d => ControlApp.Write(d));
        (await repo.PushAsync()).ShouldSucceed();

        // No DNS for nodns.test: the CA cannot reach this server for its challenge.
        var add = await GitdeployCli.RunAsync(server, "domains", "add", "site", "nodns.test", "--https", "auto",
            "--force-https");
        Assert.True(add.Exit == 0, add.Out + add.Err);
        var failed = await Poll.UntilAsync(async () =>
        {
            var d = await AcmeServer.DomainAsync(server, "site", "nodns.test");
            return d.GetProperty("lastError").GetString();
        }, TimeSpan.FromSeconds(90), "the failed attempt's error");
        Assert.Contains("urn:ietf:params:acme:error:", failed);
        Assert.Contains("the domain's DNS does not point here yet", failed);
        var d = await AcmeServer.DomainAsync(server, "site", "nodns.test");
        Assert.True(d.GetProperty("nextAttemptAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(4),
            "no back-off after the failure");

        var list = await GitdeployCli.RunAsync(server, "domains", "list", "site");
        Assert.True(list.Exit == 0, list.Out + list.Err);
        Assert.Matches(@"nodns\.test\s+production\s+auto\s+yes\s+-\s+-\s+\S+\s+"
            + @"\d{4}-\d\d-\d\d \d\d:\d\d UTC: .*DNS", list.Out);
        Assert.Contains("(next try ", list.Out);
        using var plain = await server.GetAppAsync("nodns.test");
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode); // force-HTTPS waits for a certificate
        Assert.StartsWith("pid=", await plain.Content.ReadAsStringAsync());
        Assert.Contains("nodns.test: could not obtain a certificate", await AcmeServer.HistoryAsync(server, "site"));
        Assert.Contains("no certificate for nodns.test", AcmeServer.ServerLog(server));

        // Fixed: the DNS points here now, and `set --https auto` tries at once instead of after the back-off.
        await pebble.PointAtThisMachineAsync("nodns.test");
        var again = await GitdeployCli.RunAsync(server, "domains", "set", "site", "nodns.test", "--https", "auto");
        Assert.True(again.Exit == 0, again.Out + again.Err);
        var fixedDomain = await AcmeServer.WaitForCertificateAsync(server, "site", "nodns.test");
        Assert.Equal(JsonValueKind.Null, fixedDomain.GetProperty("lastError").ValueKind);
        using var redirect = await server.GetAppAsync("nodns.test");
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
    }

    /// <summary>The key of the domain sealed and 0600; no private key in plain text anywhere in DATA/acme.</summary>
    private static void AssertKeysSealed(string data, string domain)
    {
        var key = Path.Combine(data, "acme", "certificates", domain + ".key.sealed");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        Assert.StartsWith("enc:v1:", File.ReadAllText(key));
        var plain = Directory.EnumerateFiles(Path.Combine(data, "acme"), "*", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("PRIVATE KEY")).ToList();
        Assert.True(plain.Count == 0, "private keys in plain text: " + string.Join(", ", plain));
        var accountKeys = Directory.EnumerateFiles(Path.Combine(data, "acme", "accounts"), "*.key.sealed",
            SearchOption.AllDirectories);
        Assert.All(accountKeys, k => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite,
            File.GetUnixFileMode(k)));
        Assert.NotEmpty(accountKeys);
        using var cert = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(data, "acme", "certificates",
            domain + ".crt")));
        Assert.Equal($"CN={domain}", cert.Subject);
    }

    private static async Task<List<string>> TarEntriesAsync(string file)
    {
        var names = new List<string>();
        await using var gzip = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync() is { } e) names.Add(e.Name);
        return names;
    }
}
