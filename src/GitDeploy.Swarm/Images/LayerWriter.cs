using System.Formats.Tar;
using System.IO.Compression;

namespace GitDeploy.Swarm;

/// <summary>
/// Writes a layer (gzip'd tar, hashed twice on the way) from directories of this machine, each at an
/// absolute path in the image, without any container engine. The directories above a target are added
/// with this machine's modes plus read and search for everyone (so /root of a pyenv under it can be
/// traversed by the app's user), owned by root. Symbolic links stay links; device files are left out.
/// </summary>
public static class LayerWriter
{
    public static async Task<Layer> WriteAsync(
        string file, string description, IReadOnlyList<LayerSource> sources, IReadOnlyList<LayerFile> files,
        IReadOnlyList<LayerDirectory> directories, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var tmp = file + ".tmp";
        string digest, diffId;
        long size;
        await using (var output = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, true))
        {
            var compressed = new HashingStream(output, leaveOpen: true);
            var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true);
            var tar = new HashingStream(gzip, leaveOpen: true);
            var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true);
            var written = new HashSet<string>(StringComparer.Ordinal);
            foreach (var s in sources) await AddTreeAsync(writer, s, written, ct);
            foreach (var d in directories)
            {
                await ParentsAsync(writer, d.Target, written, ct);
                await writer.WriteEntryAsync(Entry(TarEntryType.Directory, d.Target, d.Mode, d.Uid), ct);
            }
            foreach (var f in files)
            {
                await ParentsAsync(writer, f.Target, written, ct);
                var e = Entry(TarEntryType.RegularFile, f.Target, f.Mode, f.Uid);
                e.DataStream = new MemoryStream(f.Content);
                await writer.WriteEntryAsync(e, ct);
            }
            await writer.DisposeAsync();
            await tar.FlushAsync(ct);
            diffId = tar.Digest;
            await tar.DisposeAsync();
            await gzip.DisposeAsync();
            digest = compressed.Digest;
            size = compressed.Written;
            await compressed.DisposeAsync();
        }
        File.Move(tmp, file, overwrite: true);
        return new Layer(file, digest, diffId, size, description);
    }

    private static PaxTarEntry Entry(TarEntryType type, string target, int mode, int uid) =>
        new(type, target.TrimStart('/') + (type == TarEntryType.Directory ? "/" : ""))
        {
            Mode = (UnixFileMode)mode,
            Uid = uid,
            Gid = uid,
            ModificationTime = DateTimeOffset.UnixEpoch,
        };

    /// <summary>The directories above <paramref name="target"/>, once each.</summary>
    private static async Task ParentsAsync(TarWriter writer, string target, HashSet<string> written,
        CancellationToken ct)
    {
        var parts = target.Trim('/').Split('/');
        var path = "";
        for (var i = 0; i < parts.Length - 1; i++)
        {
            path += "/" + parts[i];
            if (!written.Add(path)) continue;
            var here = Directory.Exists(path) ? (int)File.GetUnixFileMode(path) : 0b111_101_101;
            await writer.WriteEntryAsync(Entry(TarEntryType.Directory, path, here | 0b101_101_101, 0), ct);
        }
    }

    private static async Task AddTreeAsync(TarWriter writer, LayerSource s, HashSet<string> written,
        CancellationToken ct)
    {
        await ParentsAsync(writer, s.Target, written, ct);
        var root = new DirectoryInfo(s.Source);
        written.Add(s.Target);
        await writer.WriteEntryAsync(Entry(TarEntryType.Directory, s.Target, (int)root.UnixFileMode, s.Uid), ct);
        var pending = new Stack<DirectoryInfo>([root]);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var info in dir.EnumerateFileSystemInfos().OrderBy(i => i.Name, StringComparer.Ordinal))
            {
                ct.ThrowIfCancellationRequested();
                var relative = Path.GetRelativePath(root.FullName, info.FullName);
                if (s.Skip?.Invoke(relative) == true) continue;
                var target = s.Target.TrimEnd('/') + "/" + relative;
                var mode = (int)info.UnixFileMode;
                if (info.LinkTarget is { } link)
                {
                    var e = Entry(TarEntryType.SymbolicLink, target, mode, s.Uid);
                    e.LinkName = link;
                    await writer.WriteEntryAsync(e, ct);
                }
                else if (info is DirectoryInfo sub)
                {
                    await writer.WriteEntryAsync(Entry(TarEntryType.Directory, target, mode, s.Uid), ct);
                    pending.Push(sub);
                }
                else if (info is FileInfo f && (f.Attributes & FileAttributes.Device) == 0 && IsRegular(f))
                {
                    var e = Entry(TarEntryType.RegularFile, target, mode, s.Uid);
                    await using var data = new FileStream(f.FullName, FileMode.Open, FileAccess.Read,
                        FileShare.ReadWrite, 1 << 16, true);
                    e.DataStream = data;
                    await writer.WriteEntryAsync(e, ct);
                }
            }
        }
    }

    /// <summary>Git stores no sockets or FIFOs, nor do virtualenvs and interpreters: files are files here.</summary>
    private static bool IsRegular(FileInfo f) => !f.Attributes.HasFlag(FileAttributes.ReparsePoint);
}
