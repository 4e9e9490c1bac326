using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace GitDeploy.Deploys.Hooks;

/// <summary>A hook's answer: lines written and flushed one by one (git shows each as <c>remote: …</c>).
/// A pusher who hangs up stops the writing, not the deploy.</summary>
public sealed class HookStream
{
    private readonly HttpContext _ctx;

    public HookStream(HttpContext ctx)
    {
        _ctx = ctx;
        ctx.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        ctx.Response.ContentType = "text/plain; charset=utf-8";
    }

    public CancellationToken Aborted => _ctx.RequestAborted;

    public async Task Say(string line)
    {
        if (Aborted.IsCancellationRequested) return;
        try
        {
            await _ctx.Response.WriteAsync(line + "\n", Aborted);
            await _ctx.Response.Body.FlushAsync(Aborted);
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>Follows a deploy's log to the pusher; true when the deploy succeeded.</summary>
    public async Task<bool> FollowAsync(Queue.DeployHandle handle)
    {
        try
        {
            await foreach (var l in handle.Log.ReadAllAsync(Aborted)) await Say(l);
        }
        catch (OperationCanceledException) { }
        return await handle.Completion;
    }
}
