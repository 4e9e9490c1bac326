using System.Globalization;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;

namespace GitDeploy.Swarm;

/// <summary>
/// Follows a service's log through the manager (Swarm collects it from every node, tasks that start
/// later included) into the app's log, each line under its task's instance, with the local target's
/// limits (<see cref="GitDeploy.Runtime.Logs.AppLogs"/>: 600 lines a minute per instance, 4096
/// characters a line). A broken stream is followed again from the last line's time.
/// </summary>
public static class SwarmLogFollower
{
    /// <summary>
    /// One line of the stream: "TIME com.docker.swarm.node.id=…,…,com.docker.swarm.task.id=ID text".
    /// </summary>
    public static (DateTimeOffset Time, string TaskId, string Text)? Parse(string line)
    {
        var space = line.IndexOf(' ');
        if (
            space < 0
            || !DateTimeOffset.TryParse(
                line[..space],
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal,
                out var t
            )
        )
            return null;
        var rest = line[(space + 1)..];
        var taskId = "";
        if (rest.StartsWith("com.docker.swarm.", StringComparison.Ordinal))
        {
            var end = rest.IndexOf(' ');
            var details = end < 0 ? rest : rest[..end];
            rest = end < 0 ? "" : rest[(end + 1)..];
            foreach (var kv in details.Split(','))
                if (kv.StartsWith("com.docker.swarm.task.id=", StringComparison.Ordinal))
                    taskId = kv[25..];
        }
        return (t, taskId, rest);
    }

    public static async Task FollowAsync(
        DockerClient docker,
        SwarmEnvironment env,
        string serviceId,
        TimeProvider clock,
        ILogger log,
        CancellationToken ct
    )
    {
        var since = clock.GetUtcNow().AddSeconds(-1);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var parameters = new ServiceLogsParameters
                {
                    Follow = true,
                    ShowStdout = true,
                    ShowStderr = true,
                    Details = true,
                    Timestamps = true,
                    Since = (since.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture),
                };
                using var stream = await docker.Swarm.GetServiceLogsAsync(serviceId, false, parameters, ct);
                var buffer = new byte[16384];
                var pending = new Dictionary<MultiplexedStream.TargetStream, StringBuilder>();
                while (!ct.IsCancellationRequested)
                {
                    var r = await stream.ReadOutputAsync(buffer, 0, buffer.Length, ct);
                    if (r.EOF)
                        break;
                    var text = pending.TryGetValue(r.Target, out var sb) ? sb : pending[r.Target] = new StringBuilder();
                    text.Append(Encoding.UTF8.GetString(buffer, 0, r.Count));
                    var all = text.ToString();
                    var lines = all.Split('\n');
                    text.Clear().Append(lines[^1]);
                    foreach (var line in lines[..^1])
                        if (Parse(line.TrimEnd('\r')) is { } p && p.Time >= since)
                        {
                            since = p.Time;
                            env.Output(p.TaskId, p.Text, r.Target == MultiplexedStream.TargetStream.StandardError);
                        }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DockerApiException or IOException or HttpRequestException)
            {
                log.LogWarning("the log stream of {Service} broke ({Error}); following it again", serviceId, e.Message);
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), clock, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
