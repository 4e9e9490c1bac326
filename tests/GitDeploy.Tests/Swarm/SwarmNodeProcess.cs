using Docker.DotNet;

namespace GitDeploy.Tests.Swarm;

/// <summary>
/// One node of a test swarm: a dockerd with its own data root, exec root, socket, pid file and cgroup
/// parent, in a network namespace of its own (and a UTS namespace, for a hostname of its own), started
/// with <c>nsenter --net=</c>; no bridge, no iptables.
/// </summary>
internal sealed class SwarmNodeProcess
{
    public required string Name { get; init; }
    public required string Netns { get; init; }
    public required string Dir { get; init; }
    /// <summary>Its address on the link between the nodes (the swarm's own traffic).</summary>
    public required string SwarmAddress { get; init; }
    /// <summary>Its address on its link with the host: where the router reaches its instances.</summary>
    public required string RouterAddress { get; init; }
    public string Socket => Path.Combine(Dir, "docker.sock");
    public string DockerHost => "unix://" + Socket;
    public string PidFile => Path.Combine(Dir, "docker.pid");
    public string CgroupParent => "/" + Name;
    public int Pid { get; private set; }
    public DockerClient Docker { get; private set; } = null!;

    public async Task StartAsync()
    {
        Directory.CreateDirectory(Dir);
        var log = Path.Combine(Dir, "dockerd.log");
        string[] dockerd =
        [
            "dockerd", "--data-root", Path.Combine(Dir, "data"), "--exec-root", Path.Combine(Dir, "exec"),
            "-H", DockerHost, "--pidfile", PidFile, "--bridge=none", "--iptables=false", "--ip-masq=false",
            "--cgroup-parent", CgroupParent, "--log-level=warn",
        ];
        var script = $"hostname {Name} && exec {string.Join(' ', dockerd)} >{log} 2>&1";
        await Sh.RunAsync("setsid", "-f", "nsenter", $"--net=/var/run/netns/{Netns}", "unshare", "--uts", "sh", "-c",
            script);
        Docker = new DockerClientBuilder().WithEndpoint(new Uri(DockerHost)).Build();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                await Docker.System.PingAsync();
                break;
            }
            catch (Exception) when (DateTime.UtcNow < deadline) { await Task.Delay(100); }
            catch (Exception e)
            {
                throw new TimeoutException($"dockerd of {Name} did not answer: {e.Message}; " +
                    (File.Exists(log) ? File.ReadAllText(log) : "no log"));
            }
        }
        Pid = int.Parse(File.ReadAllText(PidFile).Trim());
    }
}
