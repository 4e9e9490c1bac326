using System.Collections;
using CliWrap;

namespace GitDeploy.Git.GitHttp;

/// <summary>Builds the environment git runs with: inherited GIT_* variables are stripped and HOME pinned.</summary>
internal static class GitProcess
{
    public static Dictionary<string, string?> BaseEnvironment(GitHttpOptions options)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            var key = (string)e.Key;
            if (key.StartsWith("GIT_", StringComparison.Ordinal)) env[key] = null; // null removes it
        }
        env["HOME"] = options.GitHome;
        env["GIT_CONFIG_NOSYSTEM"] = "1";
        return env;
    }

    public static Command Command(GitHttpOptions options, GitService service, bool advertise, string repoPath, IReadOnlyDictionary<string, string?> env)
    {
        var args = new List<string> { service.Verb(), "--stateless-rpc" };
        if (advertise) args.Add("--advertise-refs");
        args.Add(repoPath);
        return Cli.Wrap(options.GitExecutable)
            .WithArguments(args)
            .WithEnvironmentVariables(env)
            .WithValidation(CommandResultValidation.None);
    }
}

/// <summary>The last lines of a process's stderr, for error messages; bounded so a chatty git cannot grow memory.</summary>
internal sealed class StderrTail(int maxLines = 20)
{
    private readonly Queue<string> _lines = new();

    public void Add(string line)
    {
        lock (_lines)
        {
            _lines.Enqueue(line.Length > 1000 ? line[..1000] : line);
            while (_lines.Count > maxLines) _lines.Dequeue();
        }
    }

    public override string ToString()
    {
        lock (_lines) return string.Join("\n", _lines);
    }
}
