using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace GitDeploy.Commands;

/// <summary>The client side of /api/: GITDEPLOY_URL and GITDEPLOY_TOKEN, JSON in and out, errors as messages.</summary>
internal sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;

    public ApiClient()
    {
        var url = Environment.GetEnvironmentVariable("GITDEPLOY_URL") is { Length: > 0 } u
            ? u
            : "http://127.0.0.1:8080";
        if (
            !Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var baseAddress)
            || baseAddress.Scheme is not ("http" or "https")
        )
            throw new CliException(
                $"GITDEPLOY_URL is not an http:// or https:// address ('{url}'); set it to the server's, "
                    + "e.g. http://127.0.0.1:8080"
            );
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (Environment.GetEnvironmentVariable("GITDEPLOY_TOKEN") is { Length: > 0 } token)
        {
            if (token.Any(char.IsControl) || token.Contains(' '))
                throw new CliException(
                    "GITDEPLOY_TOKEN holds a space, newline or other control character: set it to the token alone "
                        + "(gd_…, as `gitdeploy tokens create` printed it)"
                );
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    private CliException Unreachable(HttpRequestException e) =>
        new(
            $"cannot reach the GitDeploy server at {_http.BaseAddress} "
                + $"({e.Message}); start it with `gitdeploy serve` or set GITDEPLOY_URL"
        );

    public async Task<(bool Ok, JsonElement Body)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
            request.Content = JsonContent.Create(body);
        HttpResponseMessage response;
        // Operations wait for startup checks (up to 120 s each); streams (logs -f) have no limit.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            response = await _http.SendAsync(request, timeout.Token);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(e);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            var json =
                text.Length > 0 && response.Content.Headers.ContentType?.MediaType == "application/json"
                    ? JsonDocument.Parse(text).RootElement.Clone()
                    : JsonSerializer.SerializeToElement(new { text });
            if (!response.IsSuccessStatusCode)
            {
                var message = json.TryGetProperty("error", out var e) ? e.GetString() : text.Trim();
                if (string.IsNullOrWhiteSpace(message))
                    message = $"the server answered {response.ReasonPhrase} with no message; its log says why";
                throw new CliException($"{message} (HTTP {(int)response.StatusCode})");
            }
            return (true, json);
        }
    }

    /// <summary>A POST whose answer is a file (a backup), saved as <paramref name="file"/> only when whole.</summary>
    public async Task<long> DownloadAsync(string path, string file)
    {
        var tmp = file + ".part";
        try
        {
            using var response = await _http.PostAsync(path.TrimStart('/'), null);
            if (!response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync();
                var json = text.StartsWith('{') ? JsonDocument.Parse(text).RootElement : default;
                var error =
                    json.ValueKind == JsonValueKind.Object && json.TryGetProperty("error", out var e)
                        ? e.GetString()
                        : text.Trim();
                throw new CliException($"{error} (HTTP {(int)response.StatusCode})");
            }
            await using (var output = File.Create(tmp))
                await response.Content.CopyToAsync(output);
            File.Move(tmp, file, overwrite: true);
            return new FileInfo(file).Length;
        }
        catch (HttpRequestException e)
        {
            File.Delete(tmp);
            throw e.HttpRequestError == HttpRequestError.ResponseEnded
                ? new CliException($"the server stopped sending the backup ({e.Message}); nothing saved, try again")
                : Unreachable(e);
        }
        catch (IOException e)
        {
            File.Delete(tmp);
            throw new CliException($"the backup could not be saved as {file} ({e.Message}); nothing was saved");
        }
    }

    /// <summary>A text response read line by line as it arrives (logs -f).</summary>
    public async Task StreamLinesAsync(string path, Action<string> onLine, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(path.TrimStart('/'), HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(e);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(ct);
                var message =
                    text.StartsWith('{') && JsonDocument.Parse(text).RootElement.TryGetProperty("error", out var e)
                        ? e.GetString()
                        : text.Trim();
                throw new CliException($"{message} (HTTP {(int)response.StatusCode})");
            }
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
            try
            {
                while (await reader.ReadLineAsync(ct) is { } line)
                    onLine(line);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        }
    }

    public void Dispose() => _http.Dispose();
}
