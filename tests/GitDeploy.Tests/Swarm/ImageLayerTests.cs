using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using GitDeploy.Swarm;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Swarm;

/// <summary>The pieces of the swarm target that need no cluster: layers, names, ports, log lines.</summary>
public class ImageLayerTests
{
    [Fact(Timeout = 30_000)]
    public async Task Layer_HoldsTheTreeAtItsTarget_WithOwnerLinksAndParents_AndBothDigestsAreRight()
    {
        var dir = TestEnvironment.TempDir("gd-layer");
        var src = Directory.CreateDirectory(Path.Combine(dir, "src")).FullName;
        File.WriteAllText(Path.Combine(src, "wsgi.py"), "application = None\n");
        Directory.CreateDirectory(Path.Combine(src, "pkg", "test"));
        File.WriteAllText(Path.Combine(src, "pkg", "test", "skipped.py"), "");
        File.CreateSymbolicLink(Path.Combine(src, "link"), "wsgi.py");
        var file = Path.Combine(dir, "layer.tar.gz");

        var layer = await LayerWriter.WriteAsync(file, "app", [new LayerSource(src, "/srv/app", 1234, r
            => r.StartsWith("pkg/test"))],
            [new LayerFile("/gitdeploy/run.py", "print()"u8.ToArray(), 0b110_100_100)],
            [new LayerDirectory("/gitdeploy/home", 0b111_000_000, 1234)], CancellationToken.None);

        var bytes = File.ReadAllBytes(file);
        Assert.Equal(layer.Digest, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal(bytes.Length, layer.Size);
        using var tar = new MemoryStream();
        using (var gz = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress)) gz.CopyTo(tar);
        Assert.Equal(layer.DiffId, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(tar.ToArray())));
        tar.Position = 0;
        var entries = new Dictionary<string, TarEntry>();
        using var reader = new TarReader(tar);
        while (reader.GetNextEntry() is { } e) entries[e.Name] = e;
        Assert.Equal(0, entries["srv/"].Uid);
        Assert.True(entries["srv/"].Mode.HasFlag(UnixFileMode.OtherExecute));
        Assert.Equal(1234, entries["srv/app/wsgi.py"].Uid);
        Assert.Equal(TarEntryType.SymbolicLink, entries["srv/app/link"].EntryType);
        Assert.Equal("wsgi.py", entries["srv/app/link"].LinkName);
        Assert.DoesNotContain("srv/app/pkg/test/skipped.py", entries.Keys);
        Assert.Contains("srv/app/pkg/", entries.Keys);
        Assert.Equal(1234, entries["gitdeploy/home/"].Uid);
        Assert.Equal(0, entries["gitdeploy/run.py"].Uid);
    }

    [Theory]
    [InlineData("lib/python3.10/test/test_os.py", true)]
    [InlineData("lib/python3.10/tkinter/__init__.py", true)]
    [InlineData("lib/python3.10/config-3.10-x86_64-linux-gnu/libpython3.10.a", true)]
    [InlineData("lib/python3.10/os.py", false)]
    [InlineData("lib/python3.10/unittest/test/x.py", false)]
    [InlineData("bin/python3.10", false)]
    public void Interpreter_LeavesOutTestsTkAndStaticLibraries(string path, bool skipped) =>
        Assert.Equal(skipped, Interpreter.Skip(path));

    [Fact]
    public void Names_RegistryAddressesAndImages_AreParsedOrRefused()
    {
        Assert.Equal(new Uri("http://127.0.0.1:5000/"), RegistryAddress.Parse("127.0.0.1:5000")!.BaseUri);
        Assert.Equal(new Uri("https://registry.example.com:5000/"),
            RegistryAddress.Parse("registry.example.com:5000")!.BaseUri);
        Assert.Equal(new Uri("http://10.0.0.5:5000/"), RegistryAddress.Parse("http://10.0.0.5:5000")!.BaseUri);
        Assert.Equal("10.0.0.5:5000", RegistryAddress.Parse("http://10.0.0.5:5000")!.HostPort);
        Assert.Null(RegistryAddress.Parse("registry.example.com"));
        Assert.Null(RegistryAddress.Parse("127.0.0.1:5000/x"));
        Assert.Equal(new ImageName("gitdeploy/base", "bookworm"), ImageName.Parse("gitdeploy/base:bookworm"));
        Assert.Equal(new ImageName("debian", "latest"), ImageName.Parse("debian"));
        Assert.Null(ImageName.Parse("Bad/Name:x"));
        Assert.Null(ImageName.Parse("gitdeploy/base:"));
        Assert.Contains(new SwarmOptions { Host = "http://x" }.Problems(), p => p.StartsWith("--swarm-host"));
        Assert.Empty(new SwarmOptions().Problems());
    }

    [Fact]
    public void PortBlocks_TakeTheLowestFreeBlock_AndSayWhenTheRangeIsFull()
    {
        Assert.Equal(20000, PortBlocks.Next(20000, 20099, new HashSet<int>()));
        Assert.Equal(20040, PortBlocks.Next(20000, 20099, new HashSet<int> { 20000, 20020 }));
        Assert.Null(PortBlocks.Next(20000, 20039, new HashSet<int> { 20000, 20020 }));
    }

    [Fact]
    public void LogLines_OfTheServiceStream_GiveTimeTaskAndText()
    {
        var line = "2026-12-02T05:07:25.214887862Z com.docker.swarm.node.id=405pv,com.docker.swarm.service.id=upr," +
            "com.docker.swarm.task.id=129ahaq0 said hello world";
        var p = SwarmLogFollower.Parse(line)!.Value;
        Assert.Equal("129ahaq0", p.TaskId);
        Assert.Equal("said hello world", p.Text);
        Assert.Equal(2026, p.Time.Year);
        Assert.Null(SwarmLogFollower.Parse("garbage"));
    }
}
