using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GitDeploy.State;
using GitDeploy.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace GitDeploy.Tests.State;

/// <summary>Config values, webhook secrets and source credentials are sealed in gitdeploy.db (issue 10).</summary>
public class SecretsAtRestTests
{
    private const string ConfigMarker = "config-marker-5f1c2b";
    private const string SecretMarker = "webhook-secret-marker-7d3e9a";
    private const string CredentialMarker = "credential-marker-2a8b4c";

    [Fact(Timeout = 120_000)]
    public async Task SealedColumns_HoldNoPlainText_AndARestartedServerReadsThem()
    {
        var data = TestEnvironment.TempDir("gd-sealed");
        string masterKey;
        await using (var server = await Start(data))
        {
            await server.CreateAppAsync("vault");
            await SetConfig(server, "vault", ConfigMarker);
            var put = await server.Http.PutAsJsonAsync("/api/apps/vault/source", new
            {
                url = "https://github.com/example/vault.git",
                secret = SecretMarker,
                credentials = "bot:" + CredentialMarker,
            });
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
            masterKey = server.Services.GetRequiredService<AppStore>().Find("vault")!.MasterKey;
        }
        AssertNoPlainText(data);
        Assert.DoesNotContain(masterKey, ReadDatabaseFiles(data));
        var key = new FileInfo(SecretBox.KeyPath(data));
        Assert.True(key.Exists, "the key file was not created");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, key.UnixFileMode);

        await using (var again = await Start(data))
        {
            var config = await again.Http.GetFromJsonAsync<JsonElement>("/api/apps/vault/config");
            Assert.Equal(ConfigMarker, config.GetProperty("MARKER").GetString());
            var source = await again.Http.GetFromJsonAsync<JsonElement>("/api/apps/vault/source");
            Assert.Equal(SecretMarker, source.GetProperty("secret").GetString());
            var stored = again.Services.GetRequiredService<SourceStore>().Find("vault")!;
            Assert.Equal("bot:" + CredentialMarker, stored.Credentials);
            Assert.Equal(masterKey, again.Services.GetRequiredService<AppStore>().Find("vault")!.MasterKey);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task PlainRowsOfTheOldSchema_AreSealedOnStart_Idempotently()
    {
        var data = TestEnvironment.TempDir("gd-plain");
        await using (var server = await Start(data)) await server.CreateAppAsync("legacy");
        // As the server wrote them before values were sealed.
        using (var c = new SqliteConnection($"Data Source={Path.Combine(data, "gitdeploy.db")};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"""
                INSERT INTO config_vars (app, env, name, value)
                VALUES ('legacy', 'production', 'MARKER', '{ConfigMarker}');
                INSERT INTO app_sources (app, url, provider, branches, secret, credentials, updated_at)
                VALUES ('legacy', 'https://github.com/example/legacy.git', 'github', 'main=production',
                        '{SecretMarker}', 'bot:{CredentialMarker}', '2026-01-01T00:00:00.000Z');
                """;
            cmd.ExecuteNonQuery();
        }
        Assert.Contains(ConfigMarker, ReadDatabaseFiles(data));

        for (var start = 0; start < 2; start++)
        {
            await using var server = await Start(data);
            var config = await server.Http.GetFromJsonAsync<JsonElement>("/api/apps/legacy/config");
            Assert.Equal(ConfigMarker, config.GetProperty("MARKER").GetString());
            var source = server.Services.GetRequiredService<SourceStore>().Find("legacy")!;
            Assert.Equal(SecretMarker, source.Secret);
            Assert.Equal("bot:" + CredentialMarker, source.Credentials);
            AssertNoPlainText(data);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task AnotherKey_RefusesToStart_NamingTheKey()
    {
        var data = TestEnvironment.TempDir("gd-rekey");
        await using (var server = await Start(data))
        {
            await server.CreateAppAsync("locked");
            await SetConfig(server, "locked", ConfigMarker);
        }
        File.Delete(SecretBox.KeyPath(data));
        var e = await Assert.ThrowsAsync<SecretKeyMismatchException>(() => Start(data));
        Assert.Contains(SecretBox.KeyFileName, e.Message);
    }

    private static Task<TestServer> Start(string data) => TestServer.StartAsync(o => o with { DataDir = data });

    private static async Task SetConfig(TestServer server, string app, string value)
    {
        var set = new Dictionary<string, string> { ["MARKER"] = value };
        var r = await server.Http.PatchAsJsonAsync($"/api/apps/{app}/config", new { set });
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
    }

    private static void AssertNoPlainText(string data)
    {
        var bytes = ReadDatabaseFiles(data);
        foreach (var marker in new[] { ConfigMarker, SecretMarker, CredentialMarker })
            Assert.DoesNotContain(marker, bytes);
        Assert.Contains(SecretBox.Prefix, bytes);
    }

    /// <summary>The database and its WAL as bytes (Latin-1, so every byte is one character).</summary>
    private static string ReadDatabaseFiles(string data)
    {
        SqliteConnection.ClearAllPools();
        var all = new StringBuilder();
        foreach (var f in Directory.EnumerateFiles(data, "gitdeploy.db*"))
            all.Append(Encoding.Latin1.GetString(File.ReadAllBytes(f)));
        return all.ToString();
    }
}
