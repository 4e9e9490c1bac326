using System.CommandLine;

namespace GitDeploy.Commands;

/// <summary>ps, scale, restart: the running instances of an app.</summary>
internal static class InstancesCommands
{
    public static Command Ps()
    {
        var app = new Argument<string>("app");
        var cmd = new Command(
            "ps",
            "Show an app's instances: state, release, pid, port, node, restarts, last exit, uptime."
        )
        {
            app,
            Output.Json,
        };
        Output.Action(
            cmd,
            async (p, c) =>
            {
                var (_, json) = await c.SendAsync(HttpMethod.Get, $"api/apps/{p.GetValue(app)}/ps");
                Output.Print(
                    p,
                    json,
                    j =>
                        Output.Table(
                            j.EnumerateArray()
                                .Select(i =>
                                    new[]
                                    {
                                        i.Str("name"),
                                        i.Str("env"),
                                        i.Str("tag"),
                                        i.Str("state"),
                                        i.Str("pid"),
                                        i.Str("port"),
                                        Node(i),
                                        i.Str("restarts"),
                                        i.Str("lastExit"),
                                        Uptime(i.Str("uptimeSeconds")),
                                        Memory(i),
                                        Limits(i),
                                    }
                                ),
                            "NAME",
                            "ENV",
                            "RELEASE",
                            "STATE",
                            "PID",
                            "PORT",
                            "NODE",
                            "RESTARTS",
                            "LAST EXIT",
                            "UPTIME",
                            "MEMORY",
                            "LIMITS"
                        )
                );
            }
        );
        return cmd;
    }

    /// <summary>The swarm node an instance runs on; "local" for the server's own supervisor.</summary>
    private static string Node(System.Text.Json.JsonElement i) =>
        i.TryGetProperty("node", out var n) && n.ValueKind == System.Text.Json.JsonValueKind.String
            ? n.GetString()!
            : "local";

    private static string Memory(System.Text.Json.JsonElement i)
    {
        const System.Text.Json.JsonValueKind number = System.Text.Json.JsonValueKind.Number;
        var used =
            i.TryGetProperty("memoryBytes", out var m) && m.ValueKind == number ? $"{m.GetInt64() >> 20} MiB" : "-";
        return
            i.TryGetProperty("limits", out var l)
            && l.ValueKind == System.Text.Json.JsonValueKind.Object
            && l.TryGetProperty("memoryBytes", out var max)
            && max.ValueKind == number
            ? $"{used} / {max.GetInt64() >> 20} MiB"
            : used;
    }

    /// <summary>Processes, open files and CPU shares an instance may have (memory is its own column).</summary>
    private static string Limits(System.Text.Json.JsonElement i)
    {
        if (!i.TryGetProperty("limits", out var l) || l.ValueKind != System.Text.Json.JsonValueKind.Object)
            return "-";
        string Part(string name, string label) =>
            l.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.Number
                ? $"{label} {v}"
                : "";
        var parts = new[] { Part("processes", "procs"), Part("openFiles", "files"), Part("cpuShares", "cpu") };
        return string.Join(" ", parts.Where(s => s.Length > 0));
    }

    private static string Uptime(string seconds) =>
        double.TryParse(seconds, System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0
            ? TimeSpan.FromSeconds(s).ToString(s >= 86400 ? @"d\.hh\:mm\:ss" : @"hh\:mm\:ss")
            : "-";

    public static Command Scale()
    {
        var app = new Argument<string>("app");
        var count = new Argument<int>("count") { Description = "instances, 1 to 12" };
        var cmd = new Command(
            "scale",
            "Run COUNT instances of the environment's release; the router spreads requests over the healthy ones."
        )
        {
            app,
            count,
            Output.Env,
            Output.Json,
        };
        Output.Action(
            cmd,
            async (p, c) =>
            {
                var (_, json) = await c.SendAsync(
                    HttpMethod.Post,
                    $"api/apps/{p.GetValue(app)}/scale",
                    new { count = p.GetValue(count), env = p.GetValue(Output.Env) }
                );
                Output.Print(p, json, j => Console.WriteLine(j.Str("message")));
            }
        );
        return cmd;
    }

    public static Command Restart()
    {
        var app = new Argument<string>("app");
        var cmd = new Command(
            "restart",
            "Start fresh instances of the live release, then retire the old ones (no downtime)."
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
                    HttpMethod.Post,
                    $"api/apps/{p.GetValue(app)}/restart" + (env is null ? "" : $"?env={Uri.EscapeDataString(env)}")
                );
                Output.Print(p, json, j => Console.WriteLine(j.Str("message")));
            }
        );
        return cmd;
    }
}
