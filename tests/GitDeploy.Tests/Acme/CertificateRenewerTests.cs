using GitDeploy.Server.Acme;

namespace GitDeploy.Tests.Acme;

/// <summary>The renewal loop's time logic on a fake clock: when it renews, how it backs off, what stops it.</summary>
public class CertificateRenewerTests
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact(Timeout = 60_000)]
    public async Task NewDomain_IsObtainedAtOnce_ThenRenewedOnlyWhenLessThanAThirdOfItsLifeIsLeft()
    {
        await using var rig = new RenewerRig();
        var next = await rig.AddAutoAsync("a.test");

        Assert.Single(rig.Issuer.Calls);
        Assert.Equal(("a.test", RenewerRig.T0 + 60 * Day), (next.Domain, next.Due));
        var first = rig.Store.Select("a.test")!.TargetCertificate;
        Assert.True(rig.Table.TryGet("a.test", out var route) && route.ForceHttps,
            "HTTPS not forced once the certificate is there");

        await rig.AdvanceAsync(60 * Day - Second);
        Assert.Single(rig.Issuer.Calls);

        next = await rig.AdvanceAsync(Second);
        Assert.Equal(2, rig.Issuer.Calls.Count);
        Assert.Equal(RenewerRig.T0 + 60 * Day, rig.Issuer.Calls[1].At);
        Assert.Equal(RenewerRig.T0 + 120 * Day, next.Due);
        var renewed = rig.Store.Select("a.test")!.TargetCertificate;
        Assert.NotEqual(first.SerialNumber, renewed.SerialNumber);
        Assert.Equal(renewed.NotAfter.ToUniversalTime(), rig.States.Find("a.test")!.NotAfter!.Value.UtcDateTime);
        Assert.Contains(rig.History.List(RenewerRig.App, 10), h => h.Detail.StartsWith("a.test: certificate renewed"));
    }

    [Fact(Timeout = 60_000)]
    public async Task FailedRenewals_BackOffDoublingToTheCap_WhileTheCertificateInPlaceKeepsServing()
    {
        await using var rig = new RenewerRig();
        await rig.AddAutoAsync("a.test");
        var serving = rig.Store.Select("a.test")!.TargetCertificate.SerialNumber;
        rig.Issuer.Failing = "urn:ietf:params:acme:error:rateLimited :: too many certificates";

        var waits = new List<double>();
        var next = await rig.AdvanceAsync(60 * Day);
        for (var i = 0; i < 9; i++)
        {
            var wait = next.Due!.Value - rig.Clock.GetUtcNow();
            waits.Add(wait.TotalMinutes);
            next = await rig.AdvanceAsync(wait);
        }

        Assert.Equal([5, 10, 20, 40, 80, 160, 320, 360, 360], waits);
        Assert.Equal(11, rig.Issuer.Calls.Count);
        Assert.Equal(serving, rig.Store.Select("a.test")!.TargetCertificate.SerialNumber);
        var state = rig.States.Find("a.test")!;
        Assert.Equal(10, state.Failures);
        Assert.Equal(rig.Issuer.Failing, state.LastError);
        // The history says the failure once, not at every retry.
        Assert.Single(rig.History.List(RenewerRig.App, 100), h => h.Detail.Contains("could not obtain"));

        rig.Issuer.Failing = null;
        next = await rig.AdvanceAsync(next.Due!.Value - rig.Clock.GetUtcNow());
        Assert.NotEqual(serving, rig.Store.Select("a.test")!.TargetCertificate.SerialNumber);
        state = rig.States.Find("a.test")!;
        Assert.Equal(0, state.Failures);
        Assert.Null(state.LastError);
        Assert.Equal(rig.Clock.GetUtcNow() + 60 * Day, next.Due);
    }

    [Fact(Timeout = 60_000)]
    public async Task Enable_TriesAFailedDomainAgainAtOnce_InsteadOfAfterItsBackOff()
    {
        await using var rig = new RenewerRig();
        rig.Issuer.Failing = "urn:ietf:params:acme:error:dns :: no such host";
        var next = await rig.AddAutoAsync("a.test");
        Assert.Equal(RenewerRig.T0.AddMinutes(5), next.Due);
        Assert.False(rig.Table.TryGet("a.test", out var route) && route.ForceHttps,
            "HTTPS forced without a certificate");

        rig.Issuer.Failing = null;
        await rig.EnableAsync("a.test");

        Assert.Equal(2, rig.Issuer.Calls.Count);
        Assert.Equal(RenewerRig.T0, rig.Issuer.Calls[1].At);
        Assert.NotNull(rig.Store.Select("a.test"));
        Assert.True(rig.Table.TryGet("a.test", out route) && route.ForceHttps);
    }

    [Fact(Timeout = 60_000)]
    public async Task RemovedDomain_IsNeverRenewed_AndItsCertificateIsDeleted()
    {
        await using var rig = new RenewerRig();
        await rig.AddAutoAsync("a.test");
        await rig.AddAutoAsync("b.test");
        Assert.True(File.Exists(rig.Files.KeyPath("a.test")));

        var next = await rig.RemoveAsync("a.test");
        Assert.Equal("b.test", next.Domain);
        for (var i = 0; i < 3; i++) await rig.AdvanceAsync(60 * Day);

        Assert.Equal(["a.test", "b.test", "b.test", "b.test", "b.test"], rig.Issuer.Calls.Select(c => c.Domain));
        Assert.False(File.Exists(rig.Files.KeyPath("a.test")) || File.Exists(rig.Files.CertificatePath("a.test")));
        Assert.Null(rig.Store.Select("a.test"));
        Assert.Null(rig.States.Find("a.test"));
    }
}
