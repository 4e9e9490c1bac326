using System.Net;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Acme;

/// <summary>
/// Renewal against a real ACME CA: pebble issues certificates that live 45 s, so the server renews each
/// after 30 s (a third of its life left) while requests go on; a removed domain is renewed no more.
/// </summary>
[Trait("Category", "Acme")]
public class AcmeRenewalTests
{
    private const int Lifetime = 45;

    [Fact(Timeout = 300_000)]
    public async Task ShortLivedCertificate_IsRenewedBeforeItExpires_WhileRequestsKeepSucceeding()
    {
        await using var pebble = Pebble.Prepare(validitySeconds: Lifetime);
        await using var server = await AcmeServer.StartAsync(pebble);
        await pebble.StartAsync(server.Port);
        await pebble.PointAtThisMachineAsync("renew.test");
        var repo = await AppRepo.CreateAsync(server, "site", d => ControlApp.Write(d));
        (await repo.PushAsync()).ShouldSucceed();
        var add = await GitdeployCli.RunAsync(server, "domains", "add", "site", "renew.test", "--https", "auto");
        Assert.True(add.Exit == 0, add.Out + add.Err);
        var first = await AcmeServer.WaitForCertificateAsync(server, "site", "renew.test");
        var firstExpiry = first.GetProperty("expiresAt").GetDateTimeOffset();

        using var browser = new TlsClient(server.HttpsUri!.Port, await pebble.RootAsync());
        var serials = new List<string>();
        var failures = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(Lifetime + 60);
        while (DateTime.UtcNow < deadline && serials.Distinct().Count() < 2)
        {
            try
            {
                using var r = await browser.GetAsync("renew.test");
                if (r.StatusCode != HttpStatusCode.OK) failures.Add($"{(int)r.StatusCode}");
                serials.Add(browser.Last!.SerialNumber);
            }
            catch (HttpRequestException e)
            {
                failures.Add(e.InnerException?.Message ?? e.Message);
            }
            await Task.Delay(250); // the pace of a client's requests, not a wait for the server
        }

        Assert.True(failures.Count == 0,
            $"requests failed around the renewal: {string.Join("; ", failures.Distinct())}");
        Assert.True(serials.Distinct().Count() == 2,
            $"the certificate was not renewed within {Lifetime + 60} s: {pebble.Output()}");
        Assert.True(DateTimeOffset.UtcNow < firstExpiry, "the first certificate had expired before it was replaced");
        var renewed = await AcmeServer.DomainAsync(server, "site", "renew.test");
        Assert.True(renewed.GetProperty("expiresAt").GetDateTimeOffset() > firstExpiry);
        Assert.Contains("renew.test: certificate renewed from Pebble Intermediate CA",
            await AcmeServer.HistoryAsync(server, "site"));
        Assert.Contains("certificate for renew.test renewed", AcmeServer.ServerLog(server));
    }

    [Fact(Timeout = 300_000)]
    public async Task RemovedDomain_IsNotRenewed_AndItsCertificateIsDeleted()
    {
        await using var pebble = Pebble.Prepare(validitySeconds: Lifetime);
        await using var server = await AcmeServer.StartAsync(pebble);
        await pebble.StartAsync(server.Port);
        await server.CreateAppAsync("site");
        foreach (var domain in new[] { "gone.test", "kept.test" })
        {
            await pebble.PointAtThisMachineAsync(domain);
            var add = await GitdeployCli.RunAsync(server, "domains", "add", "site", domain, "--https", "auto");
            Assert.True(add.Exit == 0, add.Out + add.Err);
        }
        await AcmeServer.WaitForCertificateAsync(server, "site", "gone.test");
        var kept = await AcmeServer.WaitForCertificateAsync(server, "site", "kept.test");
        var keptExpiry = kept.GetProperty("expiresAt").GetDateTimeOffset();
        var certificates = Path.Combine(server.DataDir, "acme", "certificates");
        Assert.True(File.Exists(Path.Combine(certificates, "gone.test.key.sealed")));

        var remove = await GitdeployCli.RunAsync(server, "domains", "remove", "site", "gone.test");
        Assert.True(remove.Exit == 0, remove.Out + remove.Err);
        Assert.Equal(2, pebble.Issued);
        Assert.False(File.Exists(Path.Combine(certificates, "gone.test.crt")),
            "the removed domain's certificate is still there");
        Assert.False(File.Exists(Path.Combine(certificates, "gone.test.key.sealed")),
            "the removed domain's key is still there");
        using var browser = new TlsClient(server.HttpsUri!.Port, await pebble.RootAsync());
        // No certificate names it now.
        await Assert.ThrowsAsync<HttpRequestException>(() => browser.GetAsync("gone.test"));

        // gone.test was obtained first, so its renewal would have come before kept.test's.
        await AcmeServer.WaitForCertificateAsync(server, "site", "kept.test", after: keptExpiry,
            seconds: Lifetime + 60);
        Assert.Equal(3, pebble.Issued);
        var log = AcmeServer.ServerLog(server);
        Assert.Equal(1, log.Split('\n').Count(l => l.Contains("obtaining a certificate for gone.test")));
        Assert.DoesNotContain("gone.test: certificate renewed", await AcmeServer.HistoryAsync(server, "site"));
    }
}
