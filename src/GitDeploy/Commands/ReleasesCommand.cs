using System.CommandLine;

namespace GitDeploy.Commands;

internal static class ReleasesCommand
{
    public static Command Create()
    {
        var app = new Argument<string>("app");
        var cmd = new Command("releases", "List an app's releases (version tags) and where each is live.") { app, Output.Json };
        Output.Action(cmd, async (p, c) =>
        {
            var (_, json) = await c.SendAsync(HttpMethod.Get, $"api/apps/{p.GetValue(app)}/releases");
            Output.Print(p, json, j => Output.Table(j.EnumerateArray().Select(r => new[]
            {
                r.Str("tag"), r.Str("commit")[..Math.Min(7, r.Str("commit").Length)], r.Str("status"), r.Str("liveOn"), r.Str("actor"), r.Str("createdAt"), r.Str("message"),
            }), "TAG", "COMMIT", "STATUS", "LIVE", "BY", "CREATED", "MESSAGE"));
        });
        return cmd;
    }
}

internal static class DeploysCommand
{
    public static Command Create()
    {
        var app = new Argument<string>("app");
        var cmd = new Command("deploys", "List an app's recent deploys and how each ended.") { app, Output.Json };
        Output.Action(cmd, async (p, c) =>
        {
            var (_, json) = await c.SendAsync(HttpMethod.Get, $"api/apps/{p.GetValue(app)}/deploys");
            Output.Print(p, json, j => Output.Table(j.EnumerateArray().Select(d => new[]
            {
                d.Str("id"), d.Str("env"), d.Str("ref"), d.Str("commitSha")[..Math.Min(7, d.Str("commitSha").Length)], d.Str("trigger"), d.Str("status"), d.Str("tag"), d.Str("startedAt"), d.Str("error"),
            }), "ID", "ENV", "REF", "COMMIT", "TRIGGER", "STATUS", "TAG", "STARTED", "ERROR"));
        });
        return cmd;
    }
}
