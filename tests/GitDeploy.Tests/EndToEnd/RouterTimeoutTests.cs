using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd;

public class RouterTimeoutTests
{
    [Fact(Timeout = 120_000)]
    public async Task AnIdleWebSocket_IsClosedAfterTheResponseTimeout()
    {
        await using var server = await TestServer.StartAsync(o => o with { ResponseTimeout = TimeSpan.FromSeconds(1) });
        var repo = await AppRepo.CreateAsync(server, "idlews", d => ControlApp.Write(d));
        (await repo.PushAsync()).ShouldSucceed();

        using var ws = new System.Net.WebSockets.ClientWebSocket();
        ws.Options.SetRequestHeader("Host", $"idlews.localhost:{server.Port}");
        await ws.ConnectAsync(new Uri($"ws://127.0.0.1:{server.Port}/ws"), CancellationToken.None);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            var r = await ws.ReceiveAsync(new byte[16], cts.Token);
            Assert.Equal(System.Net.WebSockets.WebSocketMessageType.Close, r.MessageType);
        }
        catch (System.Net.WebSockets.WebSocketException) { } // closed without a close frame: also closed
        Assert.False(cts.IsCancellationRequested, "the idle WebSocket was never closed");
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.8), $"closed after {clock.Elapsed}, before its idle time");
    }
}
