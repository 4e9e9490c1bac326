using GitDeploy.Deploys.Queue;
using GitDeploy.Deploys.Webhooks;
using GitDeploy.Runtime.Supervisor;
using GitDeploy.Server.Dashboard.Sessions;

namespace GitDeploy.Server.Dashboard.Views;

/// <summary>The overview and the app page, read from the same stores and supervisor the API reads.</summary>
public sealed class AppQueries(
    AppStore apps,
    EnvironmentStore envs,
    DeployStore deploys,
    ReleaseStore releases,
    ConfigStore configs,
    DomainStore domains,
    SourceStore sources,
    HistoryStore history,
    BranchMap branches,
    GitDeploy.Runtime.Targets.ReleaseTargets supervisor
)
{
    public OverviewView Overview(Viewer viewer, HttpRequest request)
    {
        var rows = apps.List()
            .Where(a => viewer.Can(Permission.Read, a.Name))
            .Select(a => Summary(a.Name, supervisor.Status(a.Name, cpuUse: false)))
            .OrderBy(s => s.SortKey)
            .ToList();
        return new OverviewView(rows, Base(request));
    }

    private AppSummary Summary(string app, IReadOnlyList<InstanceStatus> instances) =>
        new(
            app,
            Environments
                .All.Select(e => new EnvSummary(e, envs.ActiveTag(app, e), instances.Where(i => i.Env == e).ToList()))
                .ToList(),
            deploys.List(app, 1).FirstOrDefault()
        );

    public AppView? App(Viewer viewer, string app, HttpRequest request)
    {
        var record = apps.Find(app);
        if (record is null)
            return null;
        var instances = supervisor.Status(app);
        var recent = deploys.List(app, 50);
        var showValues = viewer.Can(Permission.Config, app);
        var envViews = Environments
            .All.Select(e =>
            {
                var live = envs.ActiveTag(app, e);
                var config = configs
                    .List(app, e)
                    .OrderBy(kv => kv.Key, StringComparer.Ordinal)
                    .Select(kv => new ConfigVar(kv.Key, showValues ? kv.Value : null))
                    .ToList();
                return new EnvView(
                    new EnvSummary(e, live, instances.Where(i => i.Env == e).ToList()),
                    live is null ? null : releases.Find(app, live),
                    envs.Scale(app, e),
                    domains.List(app).Where(d => d.Env == e).ToList(),
                    config,
                    recent.FirstOrDefault(d => d.Env == e)
                );
            })
            .ToList();
        return new AppView(
            record,
            $"{Base(request)}/{app}.git",
            envViews,
            Source(viewer, app, request),
            history.List(app, 20),
            branches.For(app).ToDictionary()
        );
    }

    /// <summary>The environments' summaries alone, for the app page's live refresh.</summary>
    public IReadOnlyList<EnvView>? Envs(Viewer viewer, string app, HttpRequest request) =>
        App(viewer, app, request)?.Envs;

    private SourceView? Source(Viewer viewer, string app, HttpRequest request)
    {
        if (sources.Find(app) is not { } record)
            return null;
        var s = SourceSettings.From(record);
        // The generic provider's URL holds its secret; the others' secret is not in the URL but is the admins' to hand
        // out.
        var hook =
            viewer.Can(Permission.Admin, app) && s.Provider != Providers.Generic ? Base(request) + s.WebhookPath : null;
        return new SourceView(s.Provider, s.Url, s.DescribeBranches(), hook ?? "", s.Credential is not null);
    }

    private static string Base(HttpRequest r) => $"{r.Scheme}://{r.Host}";
}
