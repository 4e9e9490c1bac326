namespace GitDeploy.Server.Dashboard.Actions;

/// <summary>303 See Other: after a form post, the browser GETs the page that shows the result (so a reload does not
/// post again).</summary>
public sealed class SeeOther(string location) : IResult
{
    public string Location => location;

    public Task ExecuteAsync(HttpContext ctx)
    {
        ctx.Response.StatusCode = StatusCodes.Status303SeeOther;
        ctx.Response.Headers.Location = location;
        return Task.CompletedTask;
    }
}
