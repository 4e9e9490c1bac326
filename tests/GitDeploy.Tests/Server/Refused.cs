using System.Net;
using System.Text.Json;

namespace GitDeploy.Tests.Server;

/// <summary>Asserts an API refusal: the status, and a JSON error message, which it returns.</summary>
public static class Refused
{
    public static async Task<string> WithAsync(HttpResponseMessage r, HttpStatusCode expected)
    {
        using (r)
        {
            var text = await r.Content.ReadAsStringAsync();
            Assert.True(r.StatusCode == expected, $"expected {(int)expected}, got {(int)r.StatusCode} {text}");
            var error = JsonDocument.Parse(text).RootElement.GetProperty("error").GetString();
            Assert.False(string.IsNullOrWhiteSpace(error), $"no message in {text}");
            return error!;
        }
    }
}
