using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace GitDeploy.Runtime.Router;

/// <summary>
/// Each header line at most 8 KiB (431), as Cloud Engine's load balancer. Kestrel itself enforces
/// the request line (8 KiB, 414) and all headers together (64 KiB, 431).
/// </summary>
public sealed class HeaderLimits(RequestDelegate next, IOptions<RouterOptions> options)
{
    public Task InvokeAsync(HttpContext ctx)
    {
        var max = options.Value.MaxHeaderLineBytes;
        foreach (var (name, values) in ctx.Request.Headers)
            foreach (var v in values)
                if (name.Length + 2 + (v?.Length ?? 0) > max)
                {
                    ctx.Response.StatusCode = StatusCodes.Status431RequestHeaderFieldsTooLarge;
                    return ctx.Response.WriteAsync($"request header {name} is longer than {max / 1024} KiB\n");
                }
        return next(ctx);
    }
}
