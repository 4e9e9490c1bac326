using System.CommandLine;
using GitDeploy.Isolation;

namespace GitDeploy.Commands;

/// <summary>serve's sandbox and resource-limit options; a bad value stops the server at start, naming it.</summary>
internal sealed class SandboxArguments
{
    private readonly Option<string> _sandbox = new("--sandbox")
    {
        Description = "on (default): each app runs in bubblewrap as its own user; off: as the server's user",
    };
    private readonly Option<string> _instanceMemory = new("--instance-memory")
    {
        Description = "memory per instance (default 512M; none = no limit)",
    };
    private readonly Option<int?> _instanceProcs = new("--instance-processes")
    {
        Description = "processes and threads per instance (default 512)",
    };
    private readonly Option<int?> _instanceFiles = new("--instance-open-files")
    {
        Description = "open files per process of an instance (default 4096)",
    };
    private readonly Option<int?> _instanceCpu = new("--instance-cpu-shares")
    {
        Description = "CPU weight per instance under contention (default 1024)",
    };
    private readonly Option<string> _buildMemory = new("--build-memory")
    {
        Description = "memory per build (default 2G; none = no limit)",
    };
    private readonly Option<int?> _buildProcs = new("--build-processes")
    {
        Description = "processes and threads per build (default 1024)",
    };

    private readonly Option<string[]> _read = new("--sandbox-read")
    {
        Description = "a host directory every app may read (repeatable; pyenv's root always is)",
    };

    public IEnumerable<Option> All =>
        [_sandbox, _instanceMemory, _instanceProcs, _instanceFiles, _instanceCpu, _buildMemory, _buildProcs, _read];

    /// <summary>The options given, or the first error (option name, value, what is allowed).</summary>
    public (SandboxOptions? Options, string? Error) Parse(ParseResult p)
    {
        var o = new SandboxOptions();
        switch (p.GetValue(_sandbox))
        {
            case null or "on": break;
            case "off": o.Enabled = false; break;
            case var v: return (null, $"--sandbox {v}: use on or off");
        }
        var instance = o.Instance;
        var build = o.Build;
        if (p.GetValue(_instanceMemory) is { } im)
        {
            if (!ResourceLimits.TryParseBytes(im, out var bytes) || bytes is < (16L << 20))
                return (null, Bytes("--instance-memory", im));
            instance = instance with { MemoryBytes = bytes };
        }
        if (p.GetValue(_buildMemory) is { } bm)
        {
            if (!ResourceLimits.TryParseBytes(bm, out var bytes) || bytes is < (64L << 20))
                return (null, Bytes("--build-memory", bm));
            build = build with { MemoryBytes = bytes };
        }
        var minimums = new[] { (_instanceProcs, 16), (_instanceFiles, 64), (_instanceCpu, 2), (_buildProcs, 16) };
        foreach (var (option, min) in minimums)
            if (p.GetValue(option) is { } n && n < min) return (null, $"{option.Name} {n}: must be at least {min}");
        o.Instance = instance with
        {
            Processes = p.GetValue(_instanceProcs) ?? instance.Processes,
            OpenFiles = p.GetValue(_instanceFiles) ?? instance.OpenFiles,
            CpuShares = p.GetValue(_instanceCpu) ?? instance.CpuShares,
        };
        o.Build = build with { Processes = p.GetValue(_buildProcs) ?? build.Processes };
        foreach (var dir in p.GetValue(_read) ?? [])
        {
            if (!Path.IsPathRooted(dir) || !Directory.Exists(dir))
                return (null, $"--sandbox-read {dir}: give an absolute path of a directory");
            o.RuntimePaths.Add(Path.GetFullPath(dir));
        }
        return (o, null);
    }

    private static string Bytes(string option, string value) =>
        $"{option} {value}: give a size such as 256M or 2G " +
        $"(at least {(option == "--build-memory" ? "64M" : "16M")}), or none";
}
