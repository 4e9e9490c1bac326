using System.Security.Cryptography;
using GitDeploy.Runtime.Router;
using GitDeploy.Server.Acme;
using GitDeploy.Server.Hosting;
using GitDeploy.State;
using GitDeploy.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GitDeploy.Tests.Acme;

/// <summary>
/// The renewal loop with its real parts (SQLite, the files, the certificate store, the domain table) on a
/// fake clock, and a <see cref="ScriptedIssuer"/> for the CA.
/// </summary>
public sealed class RenewerRig : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public const string App = "site";

    public FakeTimeProvider Clock { get; } = new(T0);
    public string DataDir { get; } = TestEnvironment.TempDir("gd-renewer");
    public ScriptedIssuer Issuer { get; }
    public DomainStore Domains { get; }
    public DomainCertificateStore States { get; }
    public HistoryStore History { get; }
    public CertificateStore Store { get; } = CertificateStore.Empty();
    public DomainTable Table { get; } = new();
    public CertificateFiles Files { get; }
    public CertificateRenewer Renewer { get; }

    public RenewerRig()
    {
        var db = new Database(Path.Combine(DataDir, "gitdeploy.db"));
        db.Migrate();
        var box = new SecretBox(RandomNumberGenerator.GetBytes(32));
        var apps = new AppStore(db, box, Clock);
        Assert.True(apps.TryCreate(apps.NewRecord(App, () => Convert.ToHexString(RandomNumberGenerator.GetBytes(32)))));
        Domains = new DomainStore(db, Clock);
        States = new DomainCertificateStore(db, Clock);
        History = new HistoryStore(db, Clock);
        var layout = new AcmeLayout(DataDir);
        Files = new CertificateFiles(layout.Certificates, box);
        Issuer = new ScriptedIssuer(Clock);
        var options = new AcmeOptions { Email = "ops@example.com" };
        var certificates = new AcmeCertificates(Files, Store, Table, States, Domains, History, layout, options, Clock,
            NullLogger<AcmeCertificates>.Instance);
        Renewer = new CertificateRenewer(certificates, Issuer, Domains, States, Clock,
            NullLogger<CertificateRenewer>.Instance);
        Renewer.Start(CancellationToken.None);
    }

    /// <summary>Adds an automatic domain and waits until the loop is idle again.</summary>
    public Task<RenewalWait> AddAutoAsync(string domain) => AfterAsync(() =>
    {
        Assert.True(Domains.TryAdd(domain, App, Environments.Production, forceHttps: true, HttpsModes.Auto));
        Table.Set(Domains.Find(domain)!);
        Renewer.Enable(domain);
    });

    public Task<RenewalWait> EnableAsync(string domain) => AfterAsync(() => Renewer.Enable(domain));

    /// <summary>Removes the domain as the API does: the row, then the renewer forgets it.</summary>
    public Task<RenewalWait> RemoveAsync(string domain) => AfterAsync(() =>
    {
        Assert.True(Domains.Remove(App, domain));
        Table.Remove(domain);
        Renewer.Forget(domain);
    });

    /// <summary>Moves the fake clock and waits until the loop has caught up with it.</summary>
    public Task<RenewalWait> AdvanceAsync(TimeSpan by) => AfterAsync(() => Clock.Advance(by));

    /// <summary>
    /// Does <paramref name="change"/> and waits (real time) until the loop sleeps again after it, at the fake
    /// clock's time: then it has done all that was due.
    /// </summary>
    private async Task<RenewalWait> AfterAsync(Action change)
    {
        var before = await Poll.UntilAsync(() => Task.FromResult(Renewer.Sleeping), TimeSpan.FromSeconds(10),
            "the renewer to sleep");
        change();
        var now = Clock.GetUtcNow();
        return await Poll.UntilAsync(
            () => Task.FromResult(Renewer.Sleeping is { } w && w.Number > before.Number && w.Since == now ? w : null),
            TimeSpan.FromSeconds(10), $"the renewer to sleep again at {now:u}");
    }

    public ValueTask DisposeAsync() => Renewer.DisposeAsync();
}
