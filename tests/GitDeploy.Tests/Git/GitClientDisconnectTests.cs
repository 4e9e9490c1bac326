using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Git;

public class GitClientDisconnectTests
{
    private static IReadOnlyList<int> ReceivePacks(string repoPath) =>
        Directory
            .EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(p => int.TryParse(p, out _))
            .Select(int.Parse!)
            .Where(pid =>
            {
                try
                {
                    var cmd = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
                    return cmd.Contains("receive-pack") && cmd.Contains(repoPath);
                }
                catch (IOException)
                {
                    return false;
                }
            })
            .ToList();

    [Fact(Timeout = 180_000)]
    public async Task ClientThatHangsUpMidPush_LeavesNoGitProcessBehind()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "hangup",
            dir => File.WriteAllText(Path.Combine(dir, "README"), "x\n")
        );
        await File.WriteAllBytesAsync(
            Path.Combine(repo.Dir, "blob.bin"),
            System.Security.Cryptography.RandomNumberGenerator.GetBytes(4 * 1024 * 1024)
        );
        await repo.Git.CommitAllAsync("big");
        var head = (await repo.Git.RunAsync("rev-parse", "HEAD")).Output.Trim();
        var pack = await CliWrap.Buffered.BufferedCommandExtensions.ExecuteBufferedAsync(
            CliWrap
                .Cli.Wrap("git")
                .WithArguments(["pack-objects", "--stdout", "--revs"])
                .WithWorkingDirectory(repo.Dir)
                .WithStandardInputPipe(CliWrap.PipeSource.FromString(head + "\n")),
            System.Text.Encoding.Latin1
        );
        var packBytes = System.Text.Encoding.Latin1.GetBytes(pack.StandardOutput);
        var repoPath = Path.Combine(server.DataDir, "repos", "hangup.git");

        // The smart-HTTP request git would send, cut off halfway through the pack.
        var command = GitDeploy.Git.GitHttp.PktLine.Encode(
            $"{new string('0', 40)} {head} refs/heads/big\0 report-status\n"
        );
        var sent = new TaskCompletionSource();
        var body = new HalfBody(
            [.. command, .. "0000"u8.ToArray(), .. packBytes.AsSpan(0, packBytes.Length / 2)],
            sent
        );
        using var cts = new CancellationTokenSource();
        var request = new HttpRequestMessage(HttpMethod.Post, "/hangup.git/git-receive-pack") { Content = body };
        request.Content.Headers.ContentType = new("application/x-git-receive-pack-request");
        var pending = server.Http.SendAsync(request, cts.Token);
        await sent.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Poll.UntilAsync(
            () => ReceivePacks(repoPath).Count > 0,
            TimeSpan.FromSeconds(30),
            "receive-pack to be reading the pack"
        );

        cts.Cancel(); // the client hangs up mid-upload
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);

        await Poll.UntilAsync(
            () => ReceivePacks(repoPath).Count == 0,
            TimeSpan.FromSeconds(30),
            "the server's receive-pack to go away"
        );
        Assert.DoesNotContain("refs/heads/big", (await repo.Git.RunAsync("ls-remote", "engine")).Output);
    }

    /// <summary>Sends its bytes, then waits forever: a client stalled in the middle of an upload.</summary>
    private sealed class HalfBody(byte[] bytes, TaskCompletionSource sent) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(
            Stream stream,
            System.Net.TransportContext? context,
            CancellationToken ct
        )
        {
            await stream.WriteAsync(bytes, ct);
            await stream.FlushAsync(ct);
            sent.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
