using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace GitDeploy.Runtime.Router;

/// <summary>/.well-known/acme-challenge/TOKEN is the platform's on every host (certificate issuance), never an
/// app's.</summary>
public static partial class AcmeChallenge
{
    public const string Prefix = "/.well-known/acme-challenge";

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,256}\z")]
    private static partial Regex TokenPattern();

    public static async Task AnswerAsync(HttpContext ctx, string dir)
    {
        var token = ctx.Request.Path.Value![(Prefix.Length + 1)..];
        var file = TokenPattern().IsMatch(token) ? Path.Combine(dir, token) : null;
        if (file is not null && File.Exists(file))
        {
            ctx.Response.ContentType = "text/plain";
            await ctx.Response.SendFileAsync(file);
            return;
        }
        ctx.Response.StatusCode = 404;
        await ctx.Response.WriteAsync("no such challenge\n");
    }
}
