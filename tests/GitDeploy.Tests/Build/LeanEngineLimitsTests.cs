using GitDeploy.Build.LeanEngine;

namespace GitDeploy.Tests.Build;

/// <summary>Hostile leanengine.yaml files are errors, never a stack overflow of the server.</summary>
public class LeanEngineLimitsTests
{
    [Theory(Timeout = 30_000)]
    [InlineData("flow")]
    [InlineData("flow-unclosed")]
    [InlineData("block-sequence")]
    public async Task NestedTwoHundredThousandDeep_IsAnErrorNamingTheDepthTheKeyAndTheLine(string shape)
    {
        const int n = 200_000;
        var text = shape switch
        {
            "flow" => "runtime: python\nrun: " + new string('[', n) + new string(']', n) + "\n",
            "flow-unclosed" => "runtime: python\nrun: " + new string('[', n) + "\n",
            _ => "runtime: python\nrun:\n" + string.Concat(Enumerable.Repeat("- ", n)) + "x\n",
        };

        // On its own thread, so that a stack overflow would be the test host's crash and not a pass.
        var r = await Task.Run(() => LeanEngineParser.Parse(text));

        var error = Assert.Single(r.Errors);
        Assert.False(r.Ok);
        Assert.Contains($"deeper than the limit of {LeanEngineLimits.MaxDepth} levels", error);
        Assert.Contains("under 'run'", error);
        Assert.Contains(shape == "block-sequence" ? "line 3" : "line 2", error);
    }

    [Fact]
    public void IndentedMappingsPastTheLimit_AreAnError()
    {
        var lines = Enumerable.Range(0, LeanEngineLimits.MaxDepth + 1).Select(i => new string(' ', i) + $"k{i}:");
        var r = LeanEngineParser.Parse(string.Join("\n", lines) + " x\n");
        Assert.Contains("under 'k0'", Assert.Single(r.Errors));
    }

    [Fact]
    public void NestingAtTheLimit_IsStillYaml()
    {
        // The root mapping is level 1; the value of unknownKey adds MaxDepth - 1 levels.
        var depth = LeanEngineLimits.MaxDepth - 1;
        var nested = new string('[', depth) + new string(']', depth);
        var r = LeanEngineParser.Parse("run: python app.py\nunknownKey: " + nested);
        Assert.True(r.Ok, string.Join("; ", r.Errors));
    }

    [Fact]
    public void AFileOverTheSizeLimit_IsRefusedBeforeItIsRead()
    {
        var dir = Directory.CreateTempSubdirectory("gd-yaml").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, LeanEngineParser.FileName),
                "run: python app.py\n" + new string('#', (int)LeanEngineLimits.MaxBytes) + "\n");
            var r = LeanEngineParser.ParseFile(dir);
            var error = Assert.Single(r.Errors);
            Assert.Contains($"over the limit of {LeanEngineLimits.MaxBytes} bytes", error);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
