namespace GitDeploy.Server.Dashboard.Text;

/// <summary>
/// What a line of a build or deploy log is, from the pipeline's own marks (BuildText): a stage header
/// (<c>-----&gt; </c>), an error (<c> !     </c>), a status line (indented 7 spaces), or a step's detail.
/// </summary>
public static class BuildLine
{
    public static string Kind(string line) =>
        line.StartsWith("-----> ", StringComparison.Ordinal)
            ? (line.Contains(" failed", StringComparison.OrdinalIgnoreCase) ? "head fail" : "head")
        : line.StartsWith(" !", StringComparison.Ordinal) ? "fail"
        : line.StartsWith("       ", StringComparison.Ordinal)
            ? (line.Contains("failed", StringComparison.OrdinalIgnoreCase)
                || line.Contains("exit status", StringComparison.OrdinalIgnoreCase)
                && !line.Contains("exit status 0", StringComparison.Ordinal) ? "status fail" : "status")
        : "detail";
}
