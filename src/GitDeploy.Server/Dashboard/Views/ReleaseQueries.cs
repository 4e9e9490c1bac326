using GitDeploy.Deploys.Queue;
using GitDeploy.Runtime.Metrics;

namespace GitDeploy.Server.Dashboard.Views;

/// <summary>The releases timeline and the deploys with their logs.</summary>
public sealed class ReleaseQueries(
    AppStore apps, EnvironmentStore envs, DeployStore deploys, ReleaseStore releases, DeployService service,
    RequestMetrics metrics)
{
    public const int MaxLogLines = 20_000;

    public ReleasesView? Releases(string app, string env)
    {
        if (apps.Find(app) is null) return null;
        var production = envs.ActiveTag(app, Environments.Production);
        var stage = envs.ActiveTag(app, Environments.Stage);
        var triggers = deploys.List(app, 10_000).ToDictionary(d => d.Id, d => d.Trigger);
        var traffic = Environments.All.SelectMany(e => metrics.Releases(app, e).Select(t => (Env: e, Traffic: t)))
            .ToLookup(x => x.Traffic.Tag);
        var rows = releases.List(app).Select(r => new ReleaseRow(r, triggers.GetValueOrDefault(r.DeployId),
            [.. new[] { (Environments.Production, production), (Environments.Stage, stage) }
                .Where(l => l.Item2 == r.Tag).Select(l => l.Item1)],
            [.. traffic[r.Tag].Select(x => new KeyValuePair<string, ReleaseTraffic>(x.Env, x.Traffic))])).ToList();
        return new ReleasesView(app, env, rows, production, stage);
    }

    public IReadOnlyList<DeployRecord>? Deploys(string app) => apps.Find(app) is null ? null : deploys.List(app, 50);

    public DeployView? Deploy(string app, long id)
    {
        var d = deploys.Find(app, id);
        if (d is null) return null;
        var ended = d.Status is DeployStatus.Succeeded or DeployStatus.Failed;
        var running = !ended && service.LiveLog(id) is not null;
        return new DeployView(d, running, ReadLines(service.LogPath(app, id)));
    }

    /// <summary>A stored log's lines (the newest <see cref="MaxLogLines"/>), read while it may still be
    /// written.</summary>
    public static IReadOnlyList<string> ReadLines(string? path)
    {
        if (path is null || !File.Exists(path)) return [];
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(file);
        var lines = new Queue<string>();
        while (reader.ReadLine() is { } l)
        {
            lines.Enqueue(l);
            if (lines.Count > MaxLogLines) lines.Dequeue();
        }
        return [.. lines];
    }
}
