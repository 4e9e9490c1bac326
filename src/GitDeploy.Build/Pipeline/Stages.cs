namespace GitDeploy.Build.Pipeline;

/// <summary>
/// Prints the header, the duration and the exit status of each stage; the full log of a failed one
/// when the pusher has not seen it yet (<paramref name="logsShown"/>: printBuildLogs).
/// </summary>
internal sealed class Stages(IBuildOutput output, bool logsShown, TimeProvider clock)
{
    /// <param name="replay">false for a stage whose lines were all shown as they came.</param>
    public async Task<StepResult> Run(string title, Func<Task<StepResult>> body, bool replay = true)
    {
        output.Write(BuildText.Header(title));
        var started = clock.GetTimestamp();
        var r = await body();
        if (r.Ok)
        {
            output.Write(BuildText.Indent + $"done in {BuildText.Seconds(clock.GetElapsedTime(started))}");
            return r;
        }
        var detail = r
            .Lines.Where(l =>
                !l.StartsWith(BuildText.Indent, StringComparison.Ordinal)
                && !l.StartsWith(" !", StringComparison.Ordinal)
            )
            .ToList();
        if (detail.Count > 0 && replay && !logsShown)
        {
            // The stored log has these lines where they came: only the pusher sees them again.
            output.Show(BuildText.Error("the failed step's log:"));
            foreach (var l in detail)
                output.Show(BuildText.Indent + l);
        }
        output.Write(
            BuildText.Error(
                $"{title} failed ({(r.TimedOut ? "timed out" : "exit " + r.ExitCode)}) "
                    + $"after {BuildText.Seconds(clock.GetElapsedTime(started))}"
            )
        );
        return r;
    }

    public BuildResult Fail(string title, string message)
    {
        output.Write(BuildText.Header(title));
        output.Write(BuildText.Error(message));
        return BuildResult.Fail(message);
    }

    /// <summary>
    /// A failed step's cause in one line, without its final period: the buildpack's first error (its
    /// reason, not the hints after it), else pip's last <c>ERROR:</c> line, else the last line that is
    /// not a note or a hint.
    /// </summary>
    public static string LastError(StepResult r)
    {
        if (r.TimedOut)
            return "timed out";
        var line =
            r.Lines.FirstOrDefault(l =>
                    l.StartsWith(" !", StringComparison.Ordinal)
                    && !l.TrimStart(' ', '!').StartsWith("warning:", StringComparison.Ordinal)
                )
                ?.TrimStart(' ', '!')
            ?? r.Lines.LastOrDefault(l => l.TrimStart().StartsWith("ERROR:", StringComparison.Ordinal))?.Trim()
            ?? r.Lines.Select(l => l.Trim()).LastOrDefault(l => l.Length > 0 && !IsHint(l))
            ?? $"exit {r.ExitCode}";
        return BuildText.Sentence(line);
    }

    private static bool IsHint(string line) =>
        line.StartsWith("note:", StringComparison.OrdinalIgnoreCase)
        || line.StartsWith("hint:", StringComparison.OrdinalIgnoreCase);
}
