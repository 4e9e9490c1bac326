namespace GitDeploy.Server.Hosting;

/// <summary>
/// Where request code runs. By default .NET hands every socket completion from its epoll thread to
/// the thread pool, and Kestrel hands each request to the pool again: a proxied request hops threads
/// several times, and on a small machine each hop is a context switch or a spinning pool thread
/// taking a core from the app (bench/RESULTS.md, router: ≈ 2.5× the CPU per request and a p99 of
/// 25–50 ms under load). With inline I/O the router's work runs on the epoll threads that saw the
/// data, as nginx's event loop does. The price: code that blocks there delays other sockets, so
/// the platform's own requests and the supervisor's probes move to the pool first
/// (<see cref="GitDeploy.Runtime.Router.RouterMiddleware"/>, StartupCheck).
/// </summary>
public static class IoThreads
{
    /// <summary>.NET's own switch; it is read once, when the first socket is made.</summary>
    public const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// For `gitdeploy serve`, before anything opens a socket: inline I/O unless the environment
    /// already says (<c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0</c> turns it off).
    /// </summary>
    public static void PreferInline()
    {
        if (Environment.GetEnvironmentVariable(Variable) is null) Environment.SetEnvironmentVariable(Variable, "1");
    }

    /// <summary>Kestrel runs requests inline only when the sockets complete inline too (alone it made p99
    /// worse).</summary>
    public static bool Inline => Environment.GetEnvironmentVariable(Variable) == "1";
}
