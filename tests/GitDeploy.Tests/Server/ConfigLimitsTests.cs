using System.Net;
using System.Net.Http.Json;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Server;

/// <summary>Config values: 32 KiB each, 64 KiB per environment (names and values), no NUL; refused whole.</summary>
public class ConfigLimitsTests
{
    private static Task<HttpResponseMessage> SetAsync(TestServer server, string app, Dictionary<string, string?> set,
        string? env = null) =>
        server.Http.PatchAsJsonAsync($"/api/apps/{app}/config", new { env, set });

    private static async Task<string> RefusedAsync(TestServer server, string app, Dictionary<string, string?> set) =>
        await Refused.WithAsync(await SetAsync(server, app, set), HttpStatusCode.BadRequest);

    private static async Task<Dictionary<string, string>> ListAsync(TestServer server, string app) =>
        await server.Http.GetFromJsonAsync<Dictionary<string, string>>($"/api/apps/{app}/config") ?? [];

    [Fact(Timeout = 60_000)]
    public async Task AValueWithANul_OrOver32KiB_OrNone_IsRefused_AndNothingOfTheChangeIsStored()
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("limited");
        var atLimit = new string('x', 32 * 1024);

        var nul = await RefusedAsync(server, "limited", new() { ["OK"] = "fine", ["SECRET"] = "abc\0def" });
        var big = await RefusedAsync(server, "limited", new() { ["BIG"] = atLimit + "x" });
        var wide = await RefusedAsync(server, "limited", new() { ["WIDE"] = new string('é', 16 * 1024 + 1) });
        var none = await RefusedAsync(server, "limited", new() { ["EMPTY"] = null });

        Assert.Contains("the value of SECRET contains a NUL character", nul);
        Assert.Contains("the value of BIG is 32769 bytes; a value may have at most 32768 bytes", big);
        Assert.Contains("the value of WIDE is 32770 bytes", wide); // UTF-8 bytes, not characters
        Assert.Contains("EMPTY has no value", none);
        Assert.Empty(await ListAsync(server, "limited"));

        var pem = "-----BEGIN-----\nabc\n";
        using var fits = await SetAsync(server, "limited", new() { ["BIG"] = atLimit, ["PEM"] = pem, ["E"] = "" });
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
        var stored = await ListAsync(server, "limited");
        Assert.Equal(atLimit, stored["BIG"]);
        Assert.Equal(pem, stored["PEM"]);
    }

    [Fact(Timeout = 60_000)]
    public async Task AnEnvironment_HoldsAtMost64KiB_CountingWhatIsStoredAlready_EachEnvironmentOnItsOwn()
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("full");
        var value = new string('v', 30 * 1024);
        var five = new string('c', 5 * 1024);

        foreach (var name in new[] { "A", "B" })
            Assert.Equal(HttpStatusCode.OK, (await SetAsync(server, "full", new() { [name] = value })).StatusCode);
        var over = await RefusedAsync(server, "full", new() { ["C"] = five });
        using var stage = await SetAsync(server, "full", new() { ["C"] = five }, env: "stage");
        using var replaced = await SetAsync(server, "full", new() { ["B"] = "small", ["C"] = five });

        Assert.Contains("full (production): the variables would take 66563 bytes (names and values)", over);
        Assert.Contains("at most 65536 bytes (64 KiB)", over);
        Assert.Equal(HttpStatusCode.OK, stage.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode); // B shrinks in the same change: it fits
        Assert.Equal(["A", "B", "C"], (await ListAsync(server, "full")).Keys.Order());
    }
}
