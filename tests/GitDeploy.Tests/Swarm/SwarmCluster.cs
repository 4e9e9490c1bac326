using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using GitDeploy.Isolation.Processes;
using GitDeploy.Runtime.Processes;
using GitDeploy.Swarm;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Swarm;

/// <summary>
/// A two-node Docker Swarm of the test's own: each node a dockerd in a network namespace the test creates,
/// the two joined by a veth pair (10.A.B.1 and .2, the swarm's addresses), and each joined to the host by a
/// veth pair of its own (host 10.A.B.5 ↔ node 1 10.A.B.6, host .9 ↔ node 2 .10): the router on the host
/// reaches instances at the nodes' ends of those links (node label gitdeploy.address), and nothing but these
/// /30s is routed. A registry (Debian's docker-registry) on a free 127.0.0.1 port of the host holds the base
/// image; each node reaches it at the same 127.0.0.1:PORT through a forwarder made inside its namespace.
/// Disposing removes the services, leaves the swarm, stops the daemons by pid, kills what is left in the
/// namespaces, unmounts, deletes the namespaces and links, and asserts that all of it is gone.
/// </summary>
internal sealed class SwarmCluster : IAsyncDisposable
{
    private readonly string _id;
    private readonly string _dir;
    private readonly string _subnet;
    private readonly List<NetnsListener> _forwarders = [];
    private Process? _registry;

    public IReadOnlyList<SwarmNodeProcess> Nodes { get; }
    public int RegistryPort { get; private set; }
    public string Registry => $"127.0.0.1:{RegistryPort}";
    public SwarmNodeProcess Manager => Nodes[0];
    public SwarmOptions Options => new() { Host = Manager.DockerHost, Registry = Registry, BaseImage
        = BaseImageCache.Image };

    private SwarmCluster()
    {
        _id = Guid.NewGuid().ToString("N")[..6];
        _dir = Path.Combine("/tmp", "gd-swarm-" + _id);
        _subnet = FreeSubnet();
        Nodes = [Node(1), Node(2)];
    }

    private SwarmNodeProcess Node(int n) => new()
    {
        Name = $"gd{_id}n{n}", Netns = $"gd{_id}n{n}", Dir = Path.Combine(_dir, $"n{n}"),
        SwarmAddress = $"{_subnet}.{n}", RouterAddress = $"{_subnet}.{4 * n + 2}",
    };

    /// <summary>10.A.B.0/28 with nothing of it on the host yet.</summary>
    private static string FreeSubnet()
    {
        var used = File.ReadAllText("/proc/net/fib_trie");
        while (true)
        {
            var s = $"10.{Random.Shared.Next(200, 250)}.{Random.Shared.Next(0, 255)}";
            if (!used.Contains(s + ".")) return s;
        }
    }

    public static async Task<SwarmCluster> StartAsync()
    {
        var c = new SwarmCluster();
        try
        {
            await c.NetworkAsync();
            await c.RegistryAsync();
            foreach (var n in c.Nodes) await n.StartAsync();
            await c.SwarmAsync();
            if (!BaseImageCache.Ready)
                await BaseImageCache.BuildAsync(c.Manager.DockerHost, c.Registry, Path.Combine(c._dir, "registry"));
            return c;
        }
        catch
        {
            await c.DisposeAsync();
            throw;
        }
    }

    private async Task NetworkAsync()
    {
        Directory.CreateDirectory(_dir);
        foreach (var n in Nodes) await Sh.RunAsync("ip", "netns", "add", n.Netns);
        var (a, b) = ($"gd{_id}a", $"gd{_id}b");
        await Sh.RunAsync("ip", "link", "add", a, "type", "veth", "peer", "name", b);
        await Sh.RunAsync("ip", "link", "set", a, "netns", Nodes[0].Netns);
        await Sh.RunAsync("ip", "link", "set", b, "netns", Nodes[1].Netns);
        await UpAsync(Nodes[0], a, Nodes[0].SwarmAddress);
        await UpAsync(Nodes[1], b, Nodes[1].SwarmAddress);
        for (var i = 0; i < 2; i++)
        {
            var (hostEnd, nodeEnd) = ($"gd{_id}h{i + 1}", $"gd{_id}n{i + 1}");
            await Sh.RunAsync("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", nodeEnd);
            await Sh.RunAsync("ip", "link", "set", nodeEnd, "netns", Nodes[i].Netns);
            await Sh.RunAsync("ip", "addr", "add", $"{_subnet}.{4 * (i + 1) + 1}/30", "dev", hostEnd);
            await Sh.RunAsync("ip", "link", "set", hostEnd, "up");
            await UpAsync(Nodes[i], nodeEnd, Nodes[i].RouterAddress);
            await Sh.InAsync(Nodes[i].Netns, "ip", "link", "set", "lo", "up");
        }
    }

    private static async Task UpAsync(SwarmNodeProcess n, string dev, string address)
    {
        await Sh.InAsync(n.Netns, "ip", "addr", "add", address + "/30", "dev", dev);
        await Sh.InAsync(n.Netns, "ip", "link", "set", dev, "up");
    }

    private async Task RegistryAsync()
    {
        var storage = Path.Combine(_dir, "registry");
        if (BaseImageCache.Ready) await Sh.RunAsync("cp", "-a", BaseImageCache.Storage, storage);
        else Directory.CreateDirectory(storage);
        RegistryPort = FreePort.Next();
        var config = Path.Combine(_dir, "registry.yml");
        File.WriteAllText(config, $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {storage}
            http:
              addr: 127.0.0.1:{RegistryPort}
            """);
        _registry = Process.Start(new ProcessStartInfo("docker-registry", ["serve", config])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        _registry.OutputDataReceived += (_, _) => { };
        _registry.ErrorDataReceived += (_, _) => { };
        _registry.BeginOutputReadLine();
        _registry.BeginErrorReadLine();
        using var http = new HttpClient();
        await Poll.UntilAsync(async () => (await http.GetAsync($"http://{Registry}/v2/")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(30), "the registry to answer");
        foreach (var n in Nodes) _forwarders.Add(NetnsListener.Start(n.Netns, RegistryPort));
    }

    private async Task SwarmAsync()
    {
        var m = Manager.Docker;
        await m.Swarm.InitSwarmAsync(new SwarmInitParameters
        {
            ListenAddr = $"{Manager.SwarmAddress}:2377", AdvertiseAddr = Manager.SwarmAddress,
        });
        var token = (await m.Swarm.InspectSwarmAsync()).JoinTokens.Worker;
        await Nodes[1].Docker.Swarm.JoinSwarmAsync(new SwarmJoinParameters
        {
            ListenAddr = $"{Nodes[1].SwarmAddress}:2377", AdvertiseAddr = Nodes[1].SwarmAddress,
            RemoteAddrs = [$"{Manager.SwarmAddress}:2377"], JoinToken = token,
        });
        // Host networking only: the routing mesh's network and its bridge go.
        await m.Networks.DeleteNetworkAsync("ingress");
        foreach (var n in Nodes)
            await Poll.UntilAsync(async () =>
            {
                var nets = await n.Docker.Networks.ListNetworksAsync();
                if (nets.FirstOrDefault(x
                    => x.Name == "docker_gwbridge") is { } gw) await n.Docker.Networks.DeleteNetworkAsync(gw.ID);
                return !nets.Any(x => x.Name is "docker_gwbridge" or "ingress");
            }, TimeSpan.FromSeconds(30), $"the ingress network and docker_gwbridge of {n.Name} to go");
        var nodes = await m.Swarm.ListNodesAsync();
        await Poll.UntilAsync(async () => (await m.Swarm.ListNodesAsync()).Count(x => x.Status.State == "ready") == 2,
            TimeSpan.FromSeconds(30), "both nodes to be ready");
        foreach (var node in await m.Swarm.ListNodesAsync())
        {
            var mine = Nodes.First(n => n.Name == node.Description.Hostname);
            var spec = node.Spec;
            spec.Labels = new Dictionary<string, string> { [SwarmNode.AddressLabel] = mine.RouterAddress };
            await m.Swarm.UpdateNodeAsync(node.ID, node.Version.Index ?? 0, spec);
        }
    }

    /// <summary>The node dies: every process in its namespace (dockerd, containerd, shims, the apps) gets
    /// SIGKILL.</summary>
    public async Task KillNodeAsync(SwarmNodeProcess n)
    {
        foreach (var pid in InNamespace(n)) ProcessGroup.SignalProcess(pid, ProcessGroup.SIGKILL);
        await Poll.UntilAsync(() => InNamespace(n).Count == 0, TimeSpan.FromSeconds(20),
            $"the processes of {n.Name} to die");
    }

    private static IReadOnlyList<int> InNamespace(SwarmNodeProcess n)
    {
        string wanted;
        try { wanted = File.Exists($"/var/run/netns/{n.Netns}") ? $"net:[{Inode(n.Netns)}]" : "net:[]"; }
        catch (IOException) { return []; }
        var found = new List<int>();
        foreach (var d in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(d), out var pid))
                try { if (new FileInfo(Path.Combine(d, "ns", "net")).LinkTarget == wanted) found.Add(pid); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return found;
    }

    private static string Inode(string netns)
    {
        var r = Sh.TryAsync("stat", "-L", "-c", "%i", $"/var/run/netns/{netns}").GetAwaiter().GetResult();
        return r.StandardOutput.Trim();
    }

    public async ValueTask DisposeAsync()
    {
        var problems = new List<string>();
        async Task Step(string what, Func<Task> step)
        {
            try { await step(); }
            catch (Exception e) { problems.Add($"{what}: {e.Message}"); }
        }
        var alive = Nodes.Where(n => n.Docker is not null && n.Pid > 0 && ProcessGroup.Running(n.Pid)).ToList();
        if (alive.Contains(Manager))
            await Step("removing the services", async () =>
            {
                foreach (var s in await Manager.Docker.Swarm.ListServicesAsync(new ServiceListParameters()))
                    await Manager.Docker.Swarm.RemoveServiceAsync(s.ID);
                Assert.Empty(await Manager.Docker.Swarm.ListServicesAsync(new ServiceListParameters()));
                foreach (var n in alive)
                    await Poll.UntilAsync(async () => (await n.Docker.Containers.ListContainersAsync(
                        new ContainersListParameters { All = true })).Count == 0, TimeSpan.FromSeconds(60),
                            $"{n.Name}'s containers to go");
            });
        foreach (var n in alive.AsEnumerable().Reverse())
            await Step($"{n.Name} leaving the swarm", ()
                => n.Docker.Swarm.LeaveSwarmAsync(new SwarmLeaveParameters { Force = true }));
        foreach (var n in Nodes.Where(n => n.Pid > 0))
            await Step($"stopping dockerd of {n.Name} (pid {n.Pid})", async () =>
            {
                ProcessGroup.SignalProcess(n.Pid, ProcessGroup.SIGTERM);
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
                while (ProcessGroup.Running(n.Pid) && DateTime.UtcNow < deadline) await Task.Delay(100);
                if (ProcessGroup.Running(n.Pid)) throw new TimeoutException("dockerd did not stop on SIGTERM");
            });
        foreach (var n in Nodes)
        {
            var left = InNamespace(n);
            if (left.Count > 0) problems.Add($"processes left in {n.Netns}: {string.Join(", ", left)}");
            await KillNodeAsync(n);
        }
        foreach (var f in _forwarders) f.Dispose();
        if (_registry is { HasExited: false })
        {
            _registry.Kill();
            await _registry.WaitForExitAsync();
        }
        await Step("unmounting", UnmountAsync);
        foreach (var n in Nodes) await Sh.TryAsync("ip", "netns", "del", n.Netns);
        foreach (var n in Nodes)
            foreach (var ctl in new[] { "memory", "cpu", "cpuacct", "pids", "blkio", "devices", "freezer", "cpuset",
                "systemd" })
                await Step($"removing cgroup {ctl}{n.CgroupParent}", ()
                    => RemoveCgroupAsync($"/sys/fs/cgroup/{ctl}{n.CgroupParent}"));
        if (Environment.GetEnvironmentVariable("GITDEPLOY_TEST_SWARM_LOGS") is { Length: > 0 } keep)
            foreach (var n in Nodes.Where(n => File.Exists(Path.Combine(n.Dir, "dockerd.log"))))
            {
                Directory.CreateDirectory(keep);
                File.Copy(Path.Combine(n.Dir, "dockerd.log"), Path.Combine(keep, $"{n.Name}-dockerd.log"),
                    overwrite: true);
            }
        await Step("deleting the cluster's files", () => Sh.TryAsync("rm", "-rf", "--one-file-system", _dir));
        var netns = await Sh.TryAsync("ip", "netns", "list");
        var links = await Sh.TryAsync("ip", "-o", "link");
        var mounts = File.ReadAllText("/proc/self/mountinfo");
        Assert.True(problems.Count == 0, "cleaning up the swarm: " + string.Join("; ", problems));
        Assert.DoesNotContain($"gd{_id}", netns.StandardOutput);
        await Poll.UntilAsync(async () => !(await Sh.TryAsync("ip", "-o", "link")).StandardOutput.Contains($"gd{_id}"),
            TimeSpan.FromSeconds(10), "the cluster's links to go");
        Assert.DoesNotContain(_dir, mounts);
        Assert.False(Directory.Exists(_dir), $"{_dir} is left");
        _ = links;
    }

    private async Task UnmountAsync()
    {
        var mounts = File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4])
            .Where(m => m.StartsWith(_dir + "/", StringComparison.Ordinal) || Nodes.Any(n
                => m == $"/run/netns/{n.Netns}"))
            .OrderByDescending(m => m.Length).ToList();
        foreach (var m in mounts.Where(m => m.StartsWith(_dir, StringComparison.Ordinal))) await Sh.TryAsync("umount",
            "-l", m);
    }

    private static async Task RemoveCgroupAsync(string dir)
    {
        if (!Directory.Exists(dir)) return;
        foreach (var sub in Directory.EnumerateDirectories(dir, "*",
            SearchOption.AllDirectories).OrderByDescending(d => d.Length))
            Directory.Delete(sub);
        Directory.Delete(dir);
        await Task.CompletedTask;
    }
}
