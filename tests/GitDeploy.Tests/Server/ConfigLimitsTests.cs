using System.Net;
using System.Net.Http.Json;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Server;

/// <summary>Config values: 32 KiB each, 64 KiB per environment (names and values), no NUL; refused whole, never cut.</summary>
public class ConfigLimitsTests
{
    private static Task<HttpResponseMessage> SetAsync(TestServer server, string app, Dictionary<string, string?> set,
        string? env = null) =>
        server.Http.PatchAsJsonAsync($"/api/apps/{app}/config", new { env, set });

    private static async Task<Dictionary<string, string>> ListAsync(TestServer server, string app, string env = "production") =>
        await server.Http.GetFromJsonAsync<Dictionary<string, string>>($"/api/apps/{app}/config?env={env}") ?? [];

    [Fact(Timeout = 60_000)]
    public async Task AValueWithANul_OrOver32KiB_OrNone_IsRefused_AndNothingOfTheChangeIsStored()
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("limited");
        var atLimit = new string('x', 32 * 1024);

        var nul = await Refused.WithAsync(await SetAsync(server, "limited", new() { ["OK"] = "fine", ["SECRET"] = "abc\0def" }),
            HttpStatusCode.BadRequest);
        var big = await Refused.WithAsync(await SetAsync(server, "limited", new() { ["BIG"] = atLimit + "x" }),
            HttpStatusCode.BadRequest);
        var wide = await Refused.WithAsync(await SetAsync(server, "limited", new() { ["WIDE"] = new string('é', 16 * 1024 + 1) }),
            HttpStatusCode.BadRequest);
        var none = await Refused.WithAsync(await SetAsync(server, "limited", new() { ["EMPTY"] = null }), HttpStatusCode.BadRequest);

        Assert.Contains("the value of SECRET contains a NUL character", nul);
        Assert.Contains("the value of BIG is 32769 bytes; a value may have at most 32768 bytes", big);
        Assert.Contains("the value of WIDE is 32770 bytes", wide); // UTF-8 bytes, not characters
        Assert.Contains("EMPTY has no value", none);
        Assert.Empty(await ListAsync(server, "limited"));

        using var fits = await SetAsync(server, "limited", new() { ["BIG"] = atLimit, ["PEM"] = "-----BEGIN-----\nabc\n", ["E"] = "" });
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
        var stored = await ListAsync(server, "limited");
        Assert.Equal(atLimit, stored["BIG"]);
        Assert.Equal("-----BEGIN-----\nabc\n", stored["PEM"]);
    }

    [Fact(Timeout = 60_000)]
    public async Task AnEnvironment_HoldsAtMost64KiB_CountingWhatIsStoredAlready_EachEnvironmentOnItsOwn()
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("full");
        var value = new string('v', 30 * 1024);

        foreach (var name in new[] { "A", "B" })
            Assert.Equal(HttpStatusCode.OK, (await SetAsync(server, "full", new() { [name] = value })).StatusCode);
        var over = await Refused.WithAsync(await SetAsync(server, "full", new() { ["C"] = new string('c', 5 * 1024) }),
            HttpStatusCode.BadRequest);
        using var stage = await SetAsync(server, "full", new() { ["C"] = new string('c', 5 * 1024) }, env: "stage");
        using var replaced = await SetAsync(server, "full", new() { ["B"] = "small", ["C"] = new string('c', 5 * 1024) });

        Assert.Contains("full (production): the variables would take 66563 bytes (names and values)", over);
        Assert.Contains("at most 65536 bytes (64 KiB)", over);
        Assert.Equal(HttpStatusCode.OK, stage.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode); // B shrinks in the same change: it fits
        Assert.Equal(["A", "B", "C"], (await ListAsync(server, "full")).Keys.Order());
    }
}
