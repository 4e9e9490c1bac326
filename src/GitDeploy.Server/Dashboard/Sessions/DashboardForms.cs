using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace GitDeploy.Server.Dashboard.Sessions;

/// <summary>
/// Reading a dashboard form, refused unless it is one of ours: its <c>_csrf</c> field must be the session's
/// token (or, for sign-in, the sign-in cookie's), an <c>Origin</c> or <c>Sec-Fetch-Site</c> the browser sent
/// must be this site, and the body at most <see cref="DashboardOptions.MaxFormBytes"/>.
/// </summary>
public sealed class DashboardForms(DashboardOptions options)
{
    public const string CsrfField = "_csrf";

    public async Task<(IFormCollection? Form, FormRefusal? Refusal)> ReadAsync(HttpContext ctx, string expectedCsrf)
    {
        var r = ctx.Request;
        if (!SameSite(r))
            return (
                null,
                new FormRefusal(
                    403,
                    "This form came from another site, so it was refused. Use the dashboard's own pages."
                )
            );
        if (!r.HasFormContentType)
            return (null, new FormRefusal(400, "This address takes a form sent by the dashboard's pages."));
        if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = options.MaxFormBytes;
        if (r.ContentLength > options.MaxFormBytes)
            return (null, TooLarge());
        IFormCollection form;
        try
        {
            form = await r.ReadFormAsync(ctx.RequestAborted);
        }
        catch (Exception e) when (e is BadHttpRequestException or InvalidDataException)
        {
            return (
                null,
                e is BadHttpRequestException { StatusCode: 413 }
                    ? TooLarge()
                    : new FormRefusal(400, "The form could not be read: " + e.Message)
            );
        }
        var sent = form[CsrfField].ToString();
        var expected = Encoding.UTF8.GetBytes(expectedCsrf);
        var matches =
            sent.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), expected);
        if (!matches)
            return (
                null,
                new FormRefusal(
                    403,
                    "The form's CSRF token is missing or wrong, so nothing was changed. "
                        + "Reload the page and try again."
                )
            );
        return (form, null);
    }

    private FormRefusal TooLarge() =>
        new(413, $"The form is larger than the dashboard takes ({options.MaxFormBytes / 1024} KiB).");

    /// <summary>What the browser says of where the form came from, when it says it.</summary>
    private static bool SameSite(HttpRequest r)
    {
        var site = r.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none"))
            return false;
        var origin = r.Headers.Origin.ToString();
        return origin.Length == 0
            || origin == "null" && site == "same-origin"
            || string.Equals(origin, $"{r.Scheme}://{r.Host}", StringComparison.OrdinalIgnoreCase);
    }
}
