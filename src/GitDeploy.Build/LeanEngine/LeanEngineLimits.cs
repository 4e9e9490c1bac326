using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GitDeploy.Build.LeanEngine;

/// <summary>
/// Bounds on leanengine.yaml, checked before YamlDotNet builds its node tree: its parser and node
/// model recurse once per nesting level, so a file nested 200,000 levels deep would overflow the
/// stack and take the whole server down. The check pulls the parser's events one at a time (each
/// pull is a bounded amount of work) and stops at the first level past <see cref="MaxDepth"/>.
/// </summary>
public static class LeanEngineLimits
{
    /// <summary>Real files are a few hundred bytes; a megabyte is generous and cheap to read.</summary>
    public const long MaxBytes = 1024 * 1024;

    /// <summary>The deepest real file is 4 levels (install → list → {require: …} → list).</summary>
    public const int MaxDepth = 32;

    public static string? CheckSize(long bytes) => bytes <= MaxBytes ? null :
        $"{LeanEngineParser.FileName} is {bytes} bytes, over the limit of {MaxBytes} bytes ({MaxBytes / 1024} KiB): " +
        "keep it small";

    /// <summary>An error naming the limit, the top-level key and the line, or null.</summary>
    /// <exception cref="YamlException">the text is not YAML</exception>
    public static string? CheckDepth(string text)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        var rootNodes = 0; // nodes directly in the root mapping: the even ones are its keys
        string? key = null;
        while (parser.MoveNext())
        {
            var e = parser.Current!;
            if (depth == 1 && e is Scalar or MappingStart or SequenceStart or AnchorAlias)
            {
                if (rootNodes % 2 == 0) key = (e as Scalar)?.Value;
                rootNodes++;
            }
            if (e is MappingStart or SequenceStart && ++depth > MaxDepth)
                return $"{LeanEngineParser.FileName} nests deeper than the limit of {MaxDepth} levels " +
                       $"(under '{key ?? "the top level"}', line {e.Start.Line}): flatten it";
            if (e is MappingEnd or SequenceEnd) depth--;
        }
        return null;
    }
}
