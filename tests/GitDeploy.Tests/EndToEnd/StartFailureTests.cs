using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd;

/// <summary>A release that cannot start shows the app's own error, not the noise around it.</summary>
public class StartFailureTests
{
    [Fact(Timeout = 240_000)]
    public async Task Push_OfDjangoAppLackingAModule_ShowsTheModuleNotFoundErrorLine()
    {
        await using var server = await TestServer.StartAsync();
        // Three workers, each with its own traceback, then 80 lines of shutdown noise: a head/tail cut drops the cause.
        const string run =
            "gunicorn --bind 0.0.0.0:$LEANCLOUD_APP_PORT --workers 3 "
            + "--error-logfile - wsgi:application; "
            + "s=$?; for i in $(seq 80); do echo \"shutting down, closing connection pool $i\" >&2; done; exit $s";
        var repo = await AppRepo.CreateAsync(
            server,
            "nomodule",
            dir =>
            {
                FrameworkApps.Django(dir, run: run);
                File.WriteAllText(
                    Path.Combine(dir, "requirements.txt"),
                    "Django==3.2.25\npytz==2022.7.1\nsqlparse==0.4.2\ngunicorn\nsetuptools\n"
                );
            }
        );

        var push = await repo.PushAsync();

        Assert.Contains("Instance failed to start", push.Output);
        Assert.True(push.Output.Contains("ModuleNotFoundError: No module named 'asgiref'"), push.Output);
        // the frames around it: the import that failed
        Assert.Matches(@"from asgiref[\w.]* import", push.Output);
        var deployLog = await server.Http.GetStringAsync("/api/apps/nomodule/deploys/1/log");
        Assert.Contains("ModuleNotFoundError: No module named 'asgiref'", deployLog);
    }
}
