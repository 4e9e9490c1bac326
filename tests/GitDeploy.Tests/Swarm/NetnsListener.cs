using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace GitDeploy.Tests.Swarm;

/// <summary>
/// 127.0.0.1:PORT inside a node's network namespace, forwarded to 127.0.0.1:PORT of the host: how the
/// nodes reach the registry the test runs on the host's loopback, under the same HOST:PORT the server
/// pushes to. The listening socket is made by a thread that enters the namespace (setns) and leaves it.
/// </summary>
internal sealed class NetnsListener : IDisposable
{
    private const int CloneNewNet = 0x40000000;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();

    [DllImport("libc", SetLastError = true)]
    private static extern int setns(int fd, int nstype);

    private NetnsListener(Socket listener, int port)
    {
        _listener = listener;
        _ = Task.Run(() => AcceptAsync(port));
    }

    public static NetnsListener Start(string netns, int port)
    {
        Socket? socket = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            using var home = File.OpenHandle("/proc/thread-self/ns/net");
            using var target = File.OpenHandle($"/var/run/netns/{netns}");
            if (setns((int)target.DangerousGetHandle(), CloneNewNet) != 0)
            {
                failure = new IOException($"setns into {netns} failed: errno {Marshal.GetLastPInvokeError()}");
                return;
            }
            try
            {
                socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
                socket.Listen(64);
            }
            catch (Exception e) { failure = e; }
            finally
            {
                if (setns((int)home.DangerousGetHandle(),
                    CloneNewNet) != 0) Environment.FailFast("setns back to the host failed");
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null) throw failure;
        return new NetnsListener(socket!, port);
    }

    private async Task AcceptAsync(int port)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener.AcceptAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => ForwardAsync(client, port));
        }
    }

    /// <summary>Both directions until each ends; an ended one is passed on as a half-close, so no reply is cut
    /// short.</summary>
    private async Task ForwardAsync(Socket client, int port)
    {
        using var c = client;
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, port, _stop.Token);
            await Task.WhenAll(PumpAsync(c, upstream), PumpAsync(upstream, c));
        }
        catch (Exception) { }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[65536];
        try
        {
            while (true)
            {
                var n = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (n == 0) break;
                for (var sent = 0; sent < n;) sent += await to.SendAsync(buffer.AsMemory(sent, n - sent),
                    SocketFlags.None, _stop.Token);
            }
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception)
        {
            try { to.Shutdown(SocketShutdown.Both); } catch (Exception) { }
            try { from.Shutdown(SocketShutdown.Both); } catch (Exception) { }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
    }
}
