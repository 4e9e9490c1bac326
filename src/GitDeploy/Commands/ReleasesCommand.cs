using System.CommandLine;
using System.Text.Json;

namespace GitDeploy.Commands;

internal static class ReleasesCommand
{
    public static Command Create()
    {
        var app = new Argument<string>("app");
        var cmd = new Command("releases", "List an app's releases (version tags): commit, message, who, when, status, build time, where live.") { app, Output.Env, Output.Json };
        Output.Action(cmd, async (p, c) =>
        {
            var env = p.GetValue(Output.Env);
            var (_, json) = await c.SendAsync(HttpMethod.Get, $"api/apps/{p.GetValue(app)}/releases" + (env is null ? "" : $"?env={Uri.EscapeDataString(env)}"));
            Output.Print(p, json, j => Output.Table(j.EnumerateArray().Select(r => new[]
            {
                r.Str("tag"), Short(r.Str("commit")), Status(r), r.Str("liveOn"), r.Str("actor"), r.Str("createdAt"), r.Str("buildSeconds") + " s", r.Str("message"),
            }), "TAG", "COMMIT", "STATUS", "LIVE", "BY", "CREATED", "BUILD", "MESSAGE"));
        });

        var infoApp = new Argument<string>("app");
        var infoTag = new Argument<string>("tag");
        var info = new Command("info", "Show one release, its deploys and its build log link.") { infoApp, infoTag, Output.Json };
        Output.Action(info, async (p, c) =>
        {
            var (_, json) = await c.SendAsync(HttpMethod.Get, $"api/apps/{p.GetValue(infoApp)}/releases/{p.GetValue(infoTag)}");
            Output.Print(p, json, j =>
            {
                var r = j.GetProperty("release");
                foreach (var field in new[] { "tag", "commit", "message", "actor", "createdAt", "status", "buildSeconds", "liveOn", "pinned", "pruned" })
                    Console.WriteLine($"{field,-13} {r.Str(field)}");
                Console.WriteLine($"{"runtime",-13} {j.Str("runtime")}");
                Console.WriteLine($"{"start",-13} {j.Str("start")}");
                Console.WriteLine($"{"build log",-13} {j.Str("buildLog")}  (gitdeploy logs {p.GetValue(infoApp)} --build {r.Str("tag")})");
                foreach (var d in j.GetProperty("deploys").EnumerateArray())
                    Console.WriteLine($"{"deploy #" + d.Str("id"),-13} {d.Str("env")} by {d.Str("trigger")} ({d.Str("actor")}) {d.Str("status")} {d.Str("startedAt")}");
            });
        });

        cmd.Subcommands.Add(info);
        cmd.Subcommands.Add(Pin("pin", true));
        cmd.Subcommands.Add(Pin("unpin", false));
        return cmd;
    }

    private static Command Pin(string name, bool pinned)
    {
        var app = new Argument<string>("app");
        var tag = new Argument<string>("tag");
        var cmd = new Command(name, pinned ? "Keep a release's artifact whatever the retention limit." : "Let retention prune a release again.") { app, tag, Output.Json };
        Output.Action(cmd, async (p, c) =>
        {
            var (_, json) = await c.SendAsync(HttpMethod.Post, $"api/apps/{p.GetValue(app)}/releases/{p.GetValue(tag)}/pin", new { pinned });
            Output.Print(p, json, _ => Console.WriteLine($"{p.GetValue(tag)} {(pinned ? "pinned" : "unpinned")}."));
        });
        return cmd;
    }

    private static string Short(string sha) => sha[..Math.Min(7, sha.Length)];

    private static string Status(JsonElement r) =>
        r.Str("status") + (r.TryGetProperty("pinned", out var pin) && pin.GetBoolean() ? ",pinned" : "") + (r.TryGetProperty("pruned", out var pr) && pr.GetBoolean() ? ",pruned" : "");
}

internal static class DeploysCommand
{
    public static Command Create()
    {
        var app = new Argument<string>("app");
        var cmd = new Command("deploys", "List an app's recent deploys with their trigger (push, webhook, api, rollback, promote, restart).") { app, Output.Json };
        Output.Action(cmd, async (p, c) =>
        {
            var (_, json) = await c.SendAsync(HttpMethod.Get, $"api/apps/{p.GetValue(app)}/deploys");
            Output.Print(p, json, j => Output.Table(j.EnumerateArray().Select(d => new[]
            {
                d.Str("id"), d.Str("env"), d.Str("ref"), d.Str("commitSha")[..Math.Min(7, d.Str("commitSha").Length)], d.Str("trigger"), d.Str("actor"), d.Str("status"), d.Str("tag"), d.Str("startedAt"), d.Str("error"),
            }), "ID", "ENV", "REF", "COMMIT", "TRIGGER", "BY", "STATUS", "TAG", "STARTED", "ERROR"));
        });
        return cmd;
    }
}
