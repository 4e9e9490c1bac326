using System.CommandLine;
using System.Text.Json;

namespace GitDeploy.Commands;

/// <summary>Shared pieces of the client commands: --json, tables, and errors to stderr with exit 1.</summary>
internal static class Output
{
    public static readonly Option<bool> Json = new("--json") { Description = "print the raw JSON (for scripts)" };

    public static readonly Option<string> Env = new("--env") { Description = "production (default) or stage" };

    public static void Action(Command cmd, Func<ParseResult, ApiClient, Task> body) =>
        Action(cmd, (p, c, _) => body(p, c));

    public static void Action(Command cmd, Func<ParseResult, ApiClient, CancellationToken, Task> body) =>
        cmd.SetAction(
            async (parse, ct) =>
            {
                try
                {
                    using var client = new ApiClient();
                    await body(parse, client, ct);
                    return 0;
                }
                catch (CliException e)
                {
                    Console.Error.WriteLine("error: " + e.Message);
                    return 1;
                }
            }
        );

    /// <summary>"K=V" arguments as a dictionary; <paramref name="wrong"/> says what an argument without '=' should have
    /// been.</summary>
    public static Dictionary<string, string> Pairs(IEnumerable<string> items, Func<string, string> wrong)
    {
        var pairs = new Dictionary<string, string>();
        foreach (var item in items)
        {
            var i = item.IndexOf('=');
            if (i <= 0)
                throw new CliException(wrong(item));
            pairs[item[..i]] = item[(i + 1)..];
        }
        return pairs;
    }

    public static void Print(ParseResult parse, JsonElement json, Action<JsonElement> human)
    {
        if (parse.GetValue(Json))
            Console.WriteLine(JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
        else
            human(json);
    }

    public static void Table(IEnumerable<string[]> rows, params string[] headers)
    {
        var all = new List<string[]> { headers };
        all.AddRange(rows);
        var widths = headers.Select((_, i) => all.Max(r => (r.ElementAtOrDefault(i) ?? "").Length)).ToArray();
        foreach (var r in all)
            Console.WriteLine(
                string.Join("  ", r.Select((c, i) => i == r.Length - 1 ? c : (c ?? "").PadRight(widths[i]))).TrimEnd()
            );
    }

    public static string Str(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.Null => "-",
                JsonValueKind.Array => string.Join(",", v.EnumerateArray().Select(x => x.ToString())),
                _ => v.ToString(),
            }
            : "-";

    /// <summary>An API answer as the typed record the server wrote it from (GitDeploy.Server.Api.Contracts).</summary>
    public static T As<T>(this JsonElement e) => e.Deserialize<T>(JsonSerializerOptions.Web)!;
}
