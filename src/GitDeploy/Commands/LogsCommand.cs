using System.CommandLine;

namespace GitDeploy.Commands;

internal static class LogsCommand
{
    public static Command Create()
    {
        var app = new Argument<string>("app");
        var follow = new Option<bool>("--follow", "-f") { Description = "keep printing new lines as they are written" };
        var lines = new Option<int?>("-n") { Description = "how many past lines (default 100)" };
        var instance = new Option<string>("--instance") { Description = "only this instance, e.g. web1" };
        var build = new Option<string>("--build") { Description = "print the stored build log of release TAG instead" };
        var cmd = new Command(
            "logs",
            "Print an app's log: `<instance> <time> <line>`, stderr marked [err], platform events [gitdeploy]."
        )
        {
            app,
            follow,
            lines,
            Output.Env,
            instance,
            build,
            Output.Json,
        };
        Output.Action(
            cmd,
            async (p, c, ct) =>
            {
                var name = p.GetValue(app);
                if (p.GetValue(build) is { } tag)
                {
                    await c.StreamLinesAsync(
                        $"api/apps/{name}/releases/{Uri.EscapeDataString(tag)}/build-log",
                        Console.WriteLine,
                        ct
                    );
                    return;
                }
                var query = new List<string> { $"n={p.GetValue(lines) ?? 100}" };
                if (p.GetValue(follow))
                    query.Add("follow=true");
                if (p.GetValue(Output.Json))
                    query.Add("json=true"); // one JSON object a line
                if (p.GetValue(Output.Env) is { } env)
                    query.Add("env=" + Uri.EscapeDataString(env));
                if (p.GetValue(instance) is { } i)
                    query.Add("instance=" + Uri.EscapeDataString(i));
                await c.StreamLinesAsync(
                    $"api/apps/{name}/logs?{string.Join('&', query)}",
                    l =>
                    {
                        Console.WriteLine(l);
                        Console.Out.Flush();
                    },
                    ct
                );
            }
        );
        return cmd;
    }
}
