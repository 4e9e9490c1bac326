using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GitDeploy.Server.Acme;
using GitDeploy.Tests.Infrastructure;
using GitDeploy.Tests.Server;

namespace GitDeploy.Tests.Acme;

/// <summary>HTTPS modes a server cannot honour are refused up front, each saying what to do.</summary>
public class HttpsModeChecksTests
{
    [Fact(Timeout = 60_000)]
    public async Task AutoHttps_NeedsAnHttpsListenerAndAnAccountEmail_OffCannotForceHttps_AndModesAreChecked()
    {
        await using (var plain = await TestServer.StartAsync())
        {
            await plain.CreateAppAsync("site");
            var error = await Refused.WithAsync(await plain.Http.PostAsJsonAsync("/api/apps/site/domains",
                new { domain = "a.example.com", https = "auto" }), HttpStatusCode.BadRequest);
            Assert.Contains("automatic HTTPS needs an https:// listener", error);
        }

        await using var server = await TestServer.StartAsync(o => o with
        {
            Urls = "http://127.0.0.1:0;https://127.0.0.1:0",
        });
        await server.CreateAppAsync("site");
        async Task<string> Add(object body) => await Refused.WithAsync(
            await server.Http.PostAsJsonAsync("/api/apps/site/domains", body), HttpStatusCode.BadRequest);

        Assert.Contains("restart it with --acme-email", await Add(new { domain = "a.example.com", https = "auto" }));
        Assert.Contains("unknown HTTPS mode 'always'", await Add(new { domain = "a.example.com", https = "always" }));
        Assert.Contains("cannot force HTTPS", await Add(new { domain = "a.example.com", https = "off",
            forceHttps = true }));
        Assert.Empty(await server.Http.GetFromJsonAsync<List<JsonElement>>("/api/apps/site/domains") ?? []);

        var add = await GitdeployCli.RunAsync(server, "domains", "add", "site", "a.example.com", "--https", "off");
        Assert.True(add.Exit == 0, add.Out + add.Err);
        var nothing = await GitdeployCli.RunAsync(server, "domains", "set", "site", "a.example.com");
        Assert.Equal(1, nothing.Exit);
        Assert.Contains("nothing to change", nothing.Err);
        var force = await GitdeployCli.RunAsync(server, "domains", "set", "site", "a.example.com", "--force-https",
            "true");
        Assert.Equal(1, force.Exit);
        Assert.Contains("cannot force HTTPS", force.Err);
        var manual = await GitdeployCli.RunAsync(server, "domains", "set", "site", "a.example.com", "--https",
            "manual", "--force-https", "true");
        Assert.True(manual.Exit == 0, manual.Out + manual.Err);
        Assert.Contains("HTTPS manual, force HTTPS on", manual.Out);
        var off = await GitdeployCli.RunAsync(server, "domains", "set", "site", "a.example.com", "--force-https",
            "false");
        Assert.True(off.Exit == 0, off.Out + off.Err);
        Assert.Contains("force HTTPS off", off.Out);

        // A manual domain that no --certs certificate names is said to be served with another one.
        var list = await GitdeployCli.RunAsync(server, "domains", "list", "site");
        Assert.Matches(@"a\.example\.com\s+production\s+manual\s+no\s+-\s+-\s+\S+\s+"
            + "no certificate given with serve --certs", list.Out);
    }

    [Fact(Timeout = 60_000)]
    public async Task AutoHttps_WithoutTheAcmeClient_IsRefusedNamingThePackage()
    {
        await using var server = await TestServer.StartAsync(o => o with
        {
            Urls = "http://127.0.0.1:0;https://127.0.0.1:0",
            Acme = new AcmeOptions { Email = "ops@example.com", Lego = "/nonexistent/lego" },
        });
        await server.CreateAppAsync("site");
        var error = await Refused.WithAsync(await server.Http.PostAsJsonAsync("/api/apps/site/domains",
            new { domain = "a.example.com", https = "auto" }), HttpStatusCode.BadRequest);
        Assert.Contains("is not installed on the server: apt-get install lego", error);
    }

    [Fact]
    public void ServeOptions_RefuseAWrongDirectoryEmailOrCaFile()
    {
        Assert.Null(new AcmeOptions().Problem());
        Assert.Contains("is not an ACME directory URL", new AcmeOptions { DirectoryUrl = "letsencrypt" }.Problem());
        Assert.Contains("is not an e-mail address", new AcmeOptions { Email = "ops at example.com" }.Problem());
        Assert.Contains("does not exist", new AcmeOptions { CaFile = "/nonexistent/ca.pem" }.Problem());
    }
}
