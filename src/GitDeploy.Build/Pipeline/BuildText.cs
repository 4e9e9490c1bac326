namespace GitDeploy.Build.Pipeline;

public static class BuildText
{
    public const int MaxLineLength = 4096;
    public const string Indent = "       ";

    public static string Header(string text) => "-----> " + text;

    public static string Error(string text) => " !     " + text;

    /// <summary>A message without its final period, to be followed by more text.</summary>
    public static string Sentence(string text) => text.TrimEnd().TrimEnd('.');

    public static string Cut(string line) => line.Length <= MaxLineLength ? line : line[..MaxLineLength] + " [cut]";

    /// <summary>"30 min", "90 s": a limit as a user would write it.</summary>
    public static string Duration(TimeSpan t) =>
        t.TotalMinutes >= 2 && t.TotalMinutes == Math.Floor(t.TotalMinutes)
            ? FormattableString.Invariant($"{t.TotalMinutes:0} min")
            : FormattableString.Invariant($"{t.TotalSeconds:0.#} s");

    public static string Seconds(TimeSpan t) =>
        t.TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + " s";
}
