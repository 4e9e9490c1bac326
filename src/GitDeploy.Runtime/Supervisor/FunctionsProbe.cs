using System.Text.Json;

namespace GitDeploy.Runtime.Supervisor;

/// <summary>
/// Reads <c>GET /1.1/functions/_ops/metadatas</c> the way Cloud Engine does after a start: with the
/// master key, as the LeanEngine SDKs expect it (<c>X-LC-Id</c>, <c>X-LC-Key: MASTERKEY,master</c>).
/// The answer is <c>{"result": [names]}</c>; 404 means the app has no cloud functions. Only
/// functionsMode: strict makes anything but a 2xx fatal.
/// </summary>
internal static class FunctionsProbe
{
    public const string Path = "/1.1/functions/_ops/metadatas";

    /// <summary>The most of the app's answer that is read: a list of names, not a place to send gigabytes.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public sealed record Result(bool Fatal, string Detail);

    public static Task<Result> ReadAsync(HttpClient http, Instance instance, TimeSpan timeout, CancellationToken ct) =>
        ReadAsync(http, "127.0.0.1", instance.Port, instance.Spec, timeout, ct);

    public static async Task<Result> ReadAsync(
        HttpClient http,
        string host,
        int port,
        InstanceSpec spec,
        TimeSpan timeout,
        CancellationToken ct
    )
    {
        var mode = spec.Functions;
        if (mode == FunctionsMetadata.Skip)
            return new(false, "");
        var env = spec.Environment;
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{host}:{port}{Path}");
        request.Headers.TryAddWithoutValidation("X-LC-Id", env.GetValueOrDefault("LEANCLOUD_APP_ID", ""));
        request.Headers.TryAddWithoutValidation(
            "X-LC-Key",
            env.GetValueOrDefault("LEANCLOUD_APP_MASTER_KEY", "") + ",master"
        );

        string problem;
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(timeout);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
                return new(false, "; cloud functions: " + Names(await ReadBoundedAsync(response, cts.Token)));
            if (status == 404 && mode == FunctionsMetadata.Optional)
                return new(false, "; no cloud functions (" + Path + ": HTTP 404)");
            problem = $"HTTP {status}";
        }
        catch (HttpRequestException e)
        {
            problem = e.InnerException?.Message ?? e.Message;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            problem = "timed out";
        }

        return mode == FunctionsMetadata.Required
            ? new(
                true,
                $"functionsMode strict: GET {Path} with the master key answered "
                    + $"{problem}; the LeanEngine SDK must serve it (or drop functionsMode: strict)"
            )
            : new(false, $"; cloud functions not listed ({Path}: {problem})");
    }

    /// <summary>The body, or null when it is longer than <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<string?> ReadBoundedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[MaxBodyBytes + 1];
        var length = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
        return length > MaxBodyBytes ? null : System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>"2 (hello, world)" from {"result": ["hello", "world"]}; said as such when the body is not that
    /// shape.</summary>
    private static string Names(string? body)
    {
        if (body is null)
            return $"answered with more than {MaxBodyBytes / 1024} KiB; not read";
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Array)
            {
                var names = result.EnumerateArray().Select(e => e.ToString()).ToList();
                return names.Count == 0
                    ? "none"
                    : $"{names.Count} ({string.Join(", ", names.Take(10))}{(names.Count > 10 ? ", …" : "")})";
            }
        }
        catch (JsonException) { }
        return "answered, but not with a {\"result\": [...]} list";
    }
}
