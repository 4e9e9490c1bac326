namespace GitDeploy.Build.Pipeline;

/// <summary>Prints the header, the duration and the exit status of each stage; the full log of a failed one.</summary>
internal sealed class Stages(IBuildOutput output)
{
    public async Task<StepResult> Run(string title, Func<Task<StepResult>> body)
    {
        output.Write(BuildText.Header(title));
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var r = await body();
        if (r.Ok)
        {
            output.Write(BuildText.Indent + $"done in {BuildText.Seconds(sw.Elapsed)}");
            return r;
        }
        var detail = r.Lines.Where(l => !l.StartsWith(BuildText.Indent, StringComparison.Ordinal) && !l.StartsWith(" !", StringComparison.Ordinal)).ToList();
        if (detail.Count > 0)
        {
            output.Write(BuildText.Error("the failed step's log:"));
            foreach (var l in detail) output.Write(BuildText.Indent + l, detail: false);
        }
        output.Write(BuildText.Error($"{title} failed ({(r.TimedOut ? "timed out" : "exit " + r.ExitCode)}) after {BuildText.Seconds(sw.Elapsed)}"));
        return r;
    }

    public BuildResult Fail(string title, string message)
    {
        output.Write(BuildText.Header(title));
        output.Write(BuildText.Error(message));
        return BuildResult.Fail(message);
    }

    public static string LastError(StepResult r) =>
        r.TimedOut ? "timed out" :
        r.Lines.LastOrDefault(l => l.StartsWith(" !", StringComparison.Ordinal))?.TrimStart(' ', '!') ??
        r.Lines.LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? $"exit {r.ExitCode}";
}
