using System.Net;
using System.Text.RegularExpressions;

namespace GitDeploy.Tests.Infrastructure;

/// <summary>An HTTP client signed in to a test server's dashboard with the admin token, as its form does.</summary>
public static partial class DashboardSession
{
    [GeneratedRegex("name=\"_csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();

    public static async Task<HttpClient> SignInAsync(TestServer server)
    {
        var client = new HttpClient(
            new SocketsHttpHandler
            {
                UseProxy = false,
                AllowAutoRedirect = false,
                CookieContainer = new CookieContainer(),
            }
        )
        {
            BaseAddress = server.BaseUri,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var csrf = CsrfField().Match(await client.GetStringAsync("/dashboard/sign-in")).Groups[1].Value;
        var signedIn = await client.PostAsync(
            "/dashboard/sign-in",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["_csrf"] = csrf, ["token"] = TestServer.Token })
        );
        if (signedIn.StatusCode != HttpStatusCode.SeeOther)
            throw new InvalidOperationException($"dashboard sign-in answered {(int)signedIn.StatusCode}");
        return client;
    }

    /// <summary>A fragment as htmx asks for it.</summary>
    public static async Task<string> FragmentAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("HX-Request", "true");
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
