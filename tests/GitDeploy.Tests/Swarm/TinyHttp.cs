using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GitDeploy.Tests.Swarm;

/// <summary>A listener on 127.0.0.1 that answers 200 to every request (an instance for the checks), stoppable and
/// restartable.</summary>
internal sealed class TinyHttp : IDisposable
{
    private TcpListener? _listener;

    public int Port { get; }

    public TinyHttp()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = ServeAsync(_listener);
    }

    private static async Task ServeAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(); }
            catch (Exception) { return; }
            _ = Task.Run(async () =>
            {
                using var c = client;
                try
                {
                    var stream = c.GetStream();
                    var buffer = new byte[4096];
                    await stream.ReadAsync(buffer);
                    const string answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(answer));
                }
                catch (IOException) { }
            });
        }
    }

    /// <summary>Connections to the port are refused from now on.</summary>
    public void Stop()
    {
        _listener?.Stop();
        _listener = null;
    }

    /// <summary>Answers again, on the same port.</summary>
    public void Restart()
    {
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _ = ServeAsync(_listener);
    }

    public void Dispose() => Stop();
}
