namespace GitDeploy.Build.Pipeline;

/// <summary>
/// The <c>KEY=VALUE</c> file a buildpack script writes its results to (<c>$GITDEPLOY_OUTPUT</c>). It
/// is emptied before each of the platform-side scripts (detect, runtime, release) and read after
/// it; a later line wins. Scripts that run app code in the sandbox declare nothing: by the time
/// they run, every declaration has been read.
/// </summary>
internal sealed class BuildpackOutput(string file)
{
    public const string Variable = "GITDEPLOY_OUTPUT";

    public string File => file;

    public void Clear() => System.IO.File.WriteAllText(file, "");

    public Dictionary<string, string> Read()
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!System.IO.File.Exists(file)) return d;
        foreach (var line in System.IO.File.ReadAllLines(file))
        {
            var i = line.IndexOf('=');
            if (i > 0) d[line[..i]] = line[(i + 1)..];
        }
        return d;
    }
}
