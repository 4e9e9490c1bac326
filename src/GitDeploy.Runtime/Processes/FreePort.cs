using System.Net;
using System.Net.Sockets;

namespace GitDeploy.Runtime.Processes;

public static class FreePort
{
    /// <summary>A port the kernel just handed out on 127.0.0.1; the instance binds it a moment later.</summary>
    public static int Next()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
