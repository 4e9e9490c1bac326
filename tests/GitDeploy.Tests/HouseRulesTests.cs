using System.Text.RegularExpressions;
using CliWrap;
using CliWrap.Buffered;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests;

/// <summary>
/// House rules kept by the code (docs/ARCHITECTURE.md "House rules"): no line over 120 characters in what we
/// write, and each C# type in a file named after it.
/// </summary>
public partial class HouseRulesTests
{
    private const int MaxLine = 120;

    private static async Task<IReadOnlyList<string>> TrackedAsync(params string[] pathspecs)
    {
        var r = await CliWrap
            .Cli.Wrap("git")
            .WithArguments(["-C", TestEnvironment.RepoRoot, "ls-files", "--", .. pathspecs])
            .ExecuteBufferedAsync();
        return r.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact(Timeout = 60_000)]
    public async Task NoLine_IsOver120Characters()
    {
        var files = await TrackedAsync(
            "src", "tests", "hooks", "buildpacks", "bench", ".ci", ":!*.md", ":!**/vendor/**", ":!*.json", ":!*.svg"
        );
        var long_ = new List<string>();
        foreach (var f in files)
        {
            var path = Path.Combine(TestEnvironment.RepoRoot, f);
            if (!File.Exists(path))
                continue;
            var n = 0;
            foreach (var line in File.ReadLines(path))
            {
                n++;
                if (line.Length > MaxLine)
                    long_.Add($"{f}:{n} ({line.Length})");
            }
        }
        Assert.True(long_.Count == 0, "lines over 120 characters:\n" + string.Join('\n', long_.Take(40)));
    }

    [GeneratedRegex(
        @"^(?:(?:public|internal|file|static|sealed|abstract|partial|readonly|ref)\s+)*"
            + @"(?:record\s+struct|record\s+class|class|record|struct|interface|enum)\s+(\w+)",
        RegexOptions.Multiline
    )]
    private static partial Regex TopLevelType();

    [Fact(Timeout = 60_000)]
    public async Task EachType_IsInAFileNamedAfterIt()
    {
        var wrong = new List<string>();
        foreach (var f in await TrackedAsync("src/*.cs", "tests/*.cs"))
        {
            var path = Path.Combine(TestEnvironment.RepoRoot, f);
            if (!File.Exists(path))
                continue;
            var types = TopLevelType().Matches(File.ReadAllText(path)).Select(m => m.Groups[1].Value).ToList();
            var name = Path.GetFileNameWithoutExtension(f);
            if (types.Count > 1 || (types.Count == 1 && types[0] != name))
                wrong.Add($"{f}: {string.Join(", ", types)}");
        }
        Assert.True(
            wrong.Count == 0,
            "files whose types are not one named after the file:\n" + string.Join('\n', wrong)
        );
    }
}
