// RequestMetrics.Record, the router's per-request hook, called in a loop: the CPU it costs per request
// (process CPU time / calls), one thread and two at once (the router's two epoll threads on this machine),
// over 20 app environments, each call with a latency and status as the router passes them.
using System.Diagnostics;
using GitDeploy.Runtime.Metrics;

var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 3;
var metrics = new RequestMetrics(TimeProvider.System);
var apps = Enumerable.Range(0, 10).Select(i => $"app{i}").ToArray();
string[] envs = ["production", "stage"];
int[] statuses = [200, 200, 200, 200, 200, 200, 304, 404, 200, 500];

long Run(int threads, TimeSpan duration)
{
    long total = 0;
    var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    var workers = Enumerable
        .Range(0, threads)
        .Select(t => new Thread(() =>
        {
            long n = 0;
            var start = Stopwatch.GetTimestamp() - Stopwatch.Frequency / 1000; // "arrived" 1 ms ago
            while ((n & 1023) != 0 || Stopwatch.GetTimestamp() < until)
            {
                var i = (int)(n + t * 7);
                metrics.Record(
                    apps[i % apps.Length],
                    envs[(i / 10) & 1],
                    "20261202-000000",
                    statuses[i % statuses.Length],
                    start
                );
                n++;
            }
            Interlocked.Add(ref total, n);
        }))
        .ToList();
    workers.ForEach(w => w.Start());
    workers.ForEach(w => w.Join());
    return total;
}

Run(2, TimeSpan.FromSeconds(1)); // warm-up: JIT tiers, every series created
foreach (var threads in new[] { 1, 2 })
{
    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    var calls = Run(threads, TimeSpan.FromSeconds(seconds));
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
    Console.WriteLine(
        $"threads={threads} calls={calls} wall_s={wall.Elapsed.TotalSeconds:0.00} "
            + $"cpu_s={cpu.TotalSeconds:0.00} "
            + $"ns_per_record={cpu.TotalMilliseconds * 1e6 / calls:0.0}"
    );
}
