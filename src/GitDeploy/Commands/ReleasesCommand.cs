using System.CommandLine;
using GitDeploy.Server.Api.Contracts;

namespace GitDeploy.Commands;

internal static class ReleasesCommand
{
    public static Command Create()
    {
        var app = new Argument<string>("app");
        var cmd = new Command(
            "releases",
            "List an app's releases (version tags): commit, message, who, when, status, build time, where live."
        )
        {
            app,
            Output.Env,
            Output.Json,
        };
        Output.Action(
            cmd,
            async (p, c) =>
            {
                var env = p.GetValue(Output.Env);
                var (_, json) = await c.SendAsync(
                    HttpMethod.Get,
                    $"api/apps/{p.GetValue(app)}/releases" + (env is null ? "" : $"?env={Uri.EscapeDataString(env)}")
                );
                Output.Print(
                    p,
                    json,
                    j =>
                        Output.Table(
                            j.As<ReleaseView[]>()
                                .Select(r =>
                                    new[]
                                    {
                                        r.Tag,
                                        Short(r.Commit),
                                        Status(r),
                                        Live(r),
                                        r.Actor,
                                        r.CreatedAt,
                                        Seconds(r.BuildSeconds) + " s",
                                        r.Message,
                                    }
                                ),
                            "TAG",
                            "COMMIT",
                            "STATUS",
                            "LIVE",
                            "BY",
                            "CREATED",
                            "BUILD",
                            "MESSAGE"
                        )
                );
            }
        );

        var infoApp = new Argument<string>("app");
        var infoTag = new Argument<string>("tag");
        var info = new Command("info", "Show one release, its deploys and its build log link.")
        {
            infoApp,
            infoTag,
            Output.Json,
        };
        Output.Action(
            info,
            async (p, c) =>
            {
                var (_, json) = await c.SendAsync(
                    HttpMethod.Get,
                    $"api/apps/{p.GetValue(infoApp)}/releases/{p.GetValue(infoTag)}"
                );
                Output.Print(
                    p,
                    json,
                    j =>
                    {
                        var i = j.As<ReleaseInfoView>();
                        var r = i.Release;
                        foreach (
                            var (field, value) in new[]
                            {
                                ("tag", r.Tag),
                                ("commit", r.Commit),
                                ("message", r.Message),
                                ("actor", r.Actor),
                                ("createdAt", r.CreatedAt),
                                ("status", r.Status),
                                ("buildSeconds", Seconds(r.BuildSeconds)),
                                ("liveOn", Live(r)),
                                ("pinned", Bool(r.Pinned)),
                                ("pruned", Bool(r.Pruned)),
                                ("runtime", i.Runtime ?? "-"),
                                ("start", i.Start ?? "-"),
                            }
                        )
                            Console.WriteLine($"{field, -13} {value}");
                        Console.WriteLine(
                            $"{"build log", -13} {i.BuildLog}  (gitdeploy logs {p.GetValue(infoApp)} --build {r.Tag})"
                        );
                        foreach (var d in i.Deploys)
                            Console.WriteLine(
                                $"{"deploy #" + d.Id, -13} {d.Env} by {d.Trigger} ({d.Actor}) {d.Status} {d.StartedAt}"
                            );
                    }
                );
            }
        );

        cmd.Subcommands.Add(info);
        cmd.Subcommands.Add(Pin("pin", true));
        cmd.Subcommands.Add(Pin("unpin", false));
        return cmd;
    }

    private static Command Pin(string name, bool pinned)
    {
        var app = new Argument<string>("app");
        var tag = new Argument<string>("tag");
        var cmd = new Command(
            name,
            pinned ? "Keep a release's artifact whatever the retention limit." : "Let retention prune a release again."
        )
        {
            app,
            tag,
            Output.Json,
        };
        Output.Action(
            cmd,
            async (p, c) =>
            {
                var (_, json) = await c.SendAsync(
                    HttpMethod.Post,
                    $"api/apps/{p.GetValue(app)}/releases/{p.GetValue(tag)}/pin",
                    new { pinned }
                );
                Output.Print(p, json, _ => Console.WriteLine($"{p.GetValue(tag)} {(pinned ? "pinned" : "unpinned")}."));
            }
        );
        return cmd;
    }

    private static string Short(string sha) => sha[..Math.Min(7, sha.Length)];

    private static string Status(ReleaseView r) => r.Status + (r.Pinned ? ",pinned" : "") + (r.Pruned ? ",pruned" : "");

    private static string Live(ReleaseView r) => r.LiveOn.Length == 0 ? "" : string.Join(",", r.LiveOn);

    private static string Bool(bool b) => b ? "True" : "False";

    private static string Seconds(double s) => s.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
