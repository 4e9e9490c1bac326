using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace GitDeploy.Commands;

/// <summary>domains add|remove|list|set: custom domains of an app, and how each gets its HTTPS certificate.</summary>
internal static class DomainsCommand
{
    private const string HttpsHelp = "auto: the server obtains and renews a certificate by ACME; "
        + "manual: from serve --certs (default); off: no HTTPS";

    public static Command Create()
    {
        var cmd = new Command("domains",
            "Custom domains: each belongs to one app; stg-… domains bind to stage. APP.DOMAIN always works.");
        cmd.Subcommands.Add(Add());
        cmd.Subcommands.Add(Remove());
        cmd.Subcommands.Add(List());
        cmd.Subcommands.Add(Set());
        return cmd;
    }

    private static Command Add()
    {
        var app = new Argument<string>("app");
        var domain = new Argument<string>("domain");
        var force = new Option<bool>("--force-https")
        {
            Description = "redirect http:// requests to https:// (301, path kept), once there is a certificate",
        };
        var https = new Option<string>("--https") { Description = HttpsHelp };
        var add = new Command("add", "Route a domain to the app.")
        {
            app, domain, Output.Env, https, force, Output.Json,
        };
        Output.Action(add, async (p, c) =>
        {
            var (_, json) = await c.SendAsync(HttpMethod.Post, $"api/apps/{p.GetValue(app)}/domains", new
            {
                domain = p.GetValue(domain), env = p.GetValue(Output.Env), forceHttps = p.GetValue(force),
                https = p.GetValue(https),
            });
            Output.Print(p, json, j =>
            {
                var forced = j.Str("forceHttps") == "True" ? ", HTTPS forced" : "";
                var obtaining = j.Str("https") == "auto"
                    ? $" Its certificate is being obtained: see `gitdeploy domains list {j.Str("app")}`." : "";
                Console.WriteLine($"{j.Str("domain")} → {j.Str("app")} ({j.Str("env")}), "
                    + $"HTTPS {j.Str("https")}{forced}. Point its DNS at this server.{obtaining}");
            });
        });
        return add;
    }

    private static Command Set()
    {
        var app = new Argument<string>("app");
        var domain = new Argument<string>("domain");
        var force = new Option<bool?>("--force-https") { Description = "true or false" };
        var https = new Option<string>("--https") { Description = HttpsHelp + "; auto again tries again at once" };
        var set = new Command("set", "Change a domain's HTTPS mode or force-HTTPS.")
        {
            app, domain, https, force, Output.Json,
        };
        Output.Action(set, async (p, c) =>
        {
            var path = $"api/apps/{p.GetValue(app)}/domains/{p.GetValue(domain)}";
            var body = new { forceHttps = p.GetValue(force), https = p.GetValue(https) };
            var (_, json) = await c.SendAsync(HttpMethod.Patch, path, body);
            Output.Print(p, json, j => Console.WriteLine($"{j.Str("domain")}: HTTPS {j.Str("https")}, "
                + $"force HTTPS {(j.Str("forceHttps") == "True" ? "on" : "off")}."));
        });
        return set;
    }

    private static Command Remove()
    {
        var app = new Argument<string>("app");
        var domain = new Argument<string>("domain");
        var remove = new Command("remove", "Stop routing a domain to the app; its automatic certificate is deleted.")
        {
            app, domain, Output.Json,
        };
        Output.Action(remove, async (p, c) =>
        {
            var path = $"api/apps/{p.GetValue(app)}/domains/{p.GetValue(domain)}";
            var (_, json) = await c.SendAsync(HttpMethod.Delete, path);
            Output.Print(p, json, _ => Console.WriteLine($"Removed {p.GetValue(domain)}."));
        });
        return remove;
    }

    private static Command List()
    {
        var app = new Argument<string>("app");
        var list = new Command("list", "List the app's domains: HTTPS mode, certificate issuer and expiry, last error.")
        {
            app, Output.Json,
        };
        Output.Action(list, async (p, c) =>
        {
            var (_, json) = await c.SendAsync(HttpMethod.Get, $"api/apps/{p.GetValue(app)}/domains");
            Output.Print(p, json, j => Output.Table(j.EnumerateArray().Select(Row),
                "DOMAIN", "ENV", "HTTPS", "FORCE HTTPS", "ISSUER", "EXPIRES", "ADDED", "LAST ERROR"));
        });
        return list;
    }

    private static string[] Row(JsonElement d)
    {
        var error = d.Str("lastError");
        if (error != "-" && d.Str("lastErrorAt") != "-") error = $"{Time(d.Str("lastErrorAt"))}: {error}";
        if (error != "-" && d.Str("nextAttemptAt") != "-") error += $" (next try {Time(d.Str("nextAttemptAt"))})";
        var forced = d.Str("forceHttps") == "True" ? "yes" : "no";
        return
        [
            d.Str("domain"), d.Str("env"), d.Str("https"), forced, d.Str("issuer"), Time(d.Str("expiresAt")),
            d.Str("createdAt"), error,
        ];
    }

    private static string Time(string iso) =>
        DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : iso;
}
