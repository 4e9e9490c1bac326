namespace GitDeploy.Tests.Swarm;

/// <summary>
/// The swarm tests' base image, made without any registry: <c>debootstrap --variant=minbase</c> of Debian 12
/// from the archive apt uses (with the libraries pyenv's CPython links against, tzdata and CA certificates),
/// <c>docker import</c>ed and pushed into a registry whose storage is then kept under
/// <see cref="Root"/>: built once per machine (about 70 s), copied into each test's registry.
/// </summary>
internal static class BaseImageCache
{
    public const string Root = "/var/cache/gitdeploy-tests";
    public const string Image = "gitdeploy/base:bookworm";
    public static readonly string Storage = Path.Combine(Root, "base-registry-v1");
    private static readonly string RootFs = Path.Combine(Root, "bookworm-minbase-v1.tar");
    private static readonly SemaphoreSlim Gate = new(1, 1);

    private const string Packages
        = "libssl3,libsqlite3-0,libexpat1,libreadline8,libncursesw6,libgdbm6,libffi8,libbz2-1.0," +
        "liblzma5,zlib1g,libuuid1,tzdata,ca-certificates";

    public static bool Ready => Directory.Exists(Storage);

    /// <summary>Pushes the base image through <paramref name="dockerHost"/> into the (empty) registry at <paramref
    /// name="registry"/>,
    /// whose storage is <paramref name="storage"/>, and keeps a copy of that storage.</summary>
    public static async Task BuildAsync(string dockerHost, string registry, string storage)
    {
        await Gate.WaitAsync();
        try
        {
            Directory.CreateDirectory(Root);
            if (!File.Exists(RootFs)) await DebootstrapAsync();
            var reference = $"{registry}/{Image}";
            await Sh.RunAsync("docker", "-H", dockerHost, "import", RootFs, reference);
            await Sh.RunAsync("docker", "-H", dockerHost, "push", reference);
            await Sh.RunAsync("docker", "-H", dockerHost, "image", "rm", reference);
            if (Ready) return;
            var tmp = Storage + ".tmp";
            if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true);
            await Sh.RunAsync("cp", "-a", storage, tmp);
            Directory.Move(tmp, Storage);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task DebootstrapAsync()
    {
        var dir = Path.Combine(Root, "rootfs-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await Sh.RunAsync("debootstrap", "--variant=minbase", $"--include={Packages}", "bookworm", dir, Mirror());
            foreach (var junk in new[] { "usr/share/doc", "usr/share/man", "usr/share/locale", "var/lib/apt/lists",
                "var/cache/apt" })
                if (Directory.Exists(Path.Combine(dir, junk)))
                    foreach (var e in Directory.EnumerateFileSystemEntries(Path.Combine(dir, junk)))
                        if (Directory.Exists(e)) Directory.Delete(e, recursive: true); else File.Delete(e);
            await Sh.RunAsync("tar", "-C", dir, "-cf", RootFs + ".tmp", ".");
            File.Move(RootFs + ".tmp", RootFs, overwrite: true);
        }
        finally
        {
            if (Directory.Exists(dir)) await Sh.TryAsync("rm", "-rf", "--one-file-system", dir);
        }
    }

    /// <summary>The Debian mirror apt itself uses (its first deb line), else deb.debian.org.</summary>
    private static string Mirror()
    {
        foreach (var file in new[] { "/etc/apt/sources.list.d/debian.sources",
            "/etc/apt/sources.list" }.Where(File.Exists))
            foreach (var line in File.ReadLines(file).Select(l => l.Trim()))
            {
                if (line.StartsWith("URIs:", StringComparison.Ordinal) && !line.Contains("security"))
                    return line[5..].Trim().Split(' ')[0];
                if (line.StartsWith("deb ", StringComparison.Ordinal) && !line.Contains("security"))
                    return line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            }
        return "http://deb.debian.org/debian";
    }
}
