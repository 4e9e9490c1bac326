using GitDeploy.Build.LeanEngine;

namespace GitDeploy.Tests.Build;

public class LeanEngineParserTests
{
    [Fact]
    public void EmptyFile_GivesDefaults()
    {
        var r = LeanEngineParser.Parse("");
        Assert.True(r.Ok);
        Assert.Equal(30, r.Config!.StartupTimeout);
        Assert.Null(r.Config.Install);
        Assert.Empty(r.Config.Build);
    }

    [Fact]
    public void EveryKnownKey_IsRead()
    {
        var r = LeanEngineParser.Parse(
            """
            runtime: python
            run: gunicorn -b 0.0.0.0:$LEANCLOUD_APP_PORT wsgi:application
            install:
              - {use: default}
              - {require: [vendor/, setup.cfg]}
              - pip install -e ./vendor
            build: python manage.py collectstatic --noinput
            systemDependencies: [ffmpeg]
            startupTimeout: 60
            functionsMode: strict
            healthCheckPath: /healthz?full=1
            exposeEnvironmentsOnBuild: true
            buildRoot: backend/
            """
        );
        Assert.True(r.Ok, string.Join("; ", r.Errors));
        var c = r.Config!;
        Assert.Equal("python", c.Runtime);
        Assert.StartsWith("gunicorn", c.Run);
        Assert.Equal(
            [
                new BuildStep.UseDefault(),
                new BuildStep.Require(["vendor/", "setup.cfg"]),
                new BuildStep.Shell("pip install -e ./vendor"),
            ],
            c.Install!.Select(s => s is BuildStep.Require q ? new BuildStep.Require(q.Paths.ToArray()) : s).ToList(),
            new StepComparer()
        );
        Assert.Equal([new BuildStep.Shell("python manage.py collectstatic --noinput")], c.Build.ToList());
        Assert.Equal(["ffmpeg"], c.SystemDependencies);
        Assert.Equal(60, c.StartupTimeout);
        Assert.Equal(FunctionsMode.Strict, c.FunctionsMode);
        Assert.Equal("/healthz?full=1", c.HealthCheckPath);
        Assert.True(c.ExposeEnvironmentsOnBuild);
        Assert.Equal("backend", c.BuildRoot);
        Assert.Empty(r.Warnings);
    }

    [Theory]
    [InlineData("nodejs")]
    [InlineData("python")]
    public void RuntimeWithABuildpack_IsAccepted(string runtime)
    {
        var r = LeanEngineParser.Parse($"runtime: {runtime}");
        Assert.True(r.Ok, string.Join("; ", r.Errors));
        Assert.Equal(runtime, r.Config!.Runtime);
    }

    [Theory]
    [InlineData("startupTimeout: 5", "startupTimeout", "15 to 120")]
    [InlineData("startupTimeout: abc", "startupTimeout", "15 to 120")]
    [InlineData("startupTimeout: 14", "startupTimeout", "15 to 120, not '14'")]
    [InlineData("startupTimeout: 121", "startupTimeout", "15 to 120, not '121'")]
    [InlineData("functionsMode: loose", "functionsMode", "'strict' or 'disabled'")]
    [InlineData("healthCheckPath: healthz", "healthCheckPath", "starts with '/'")]
    [InlineData("healthCheckPath: '/health check'", "healthCheckPath", "no spaces")]
    [InlineData("exposeEnvironmentsOnBuild: maybe", "exposeEnvironmentsOnBuild", "true or false")]
    [InlineData("install: {use: other}", "install", "a shell command or a list")]
    [InlineData("install:\n  - {use: other}", "install", "'use' only takes 'default'")]
    [InlineData("install:\n  - {fetch: x}", "install", "unknown step 'fetch'")]
    [InlineData("build:\n  - [a, b]", "build", "a step is a shell command")]
    [InlineData("runtime: cobol", "runtime", "allowed: cpp, dotnet")]
    [InlineData("runtime: php", "runtime", "not supported by this server yet")]
    [InlineData("buildRoot: ../elsewhere", "buildRoot", "relative path")]
    [InlineData("run: [a]", "run", "single non-empty value")]
    [InlineData("- just a list", "leanengine.yaml", "must be a mapping")]
    [InlineData("run: 'unclosed", "leanengine.yaml", "not valid YAML")]
    public void InvalidValue_FailsNamingTheKeyAndWhatIsAllowed(string yaml, string key, string allowed)
    {
        var r = LeanEngineParser.Parse(yaml);
        Assert.False(r.Ok);
        var error = Assert.Single(r.Errors);
        Assert.Contains(key, error);
        Assert.Contains(allowed, error);
    }

    [Theory]
    [InlineData(15)]
    [InlineData(120)]
    public void StartupTimeout_AtEitherEndOfItsRange_IsAccepted(int seconds)
    {
        var r = LeanEngineParser.Parse($"startupTimeout: {seconds}");
        Assert.True(r.Ok);
        Assert.Equal(seconds, r.Config!.StartupTimeout);
    }

    [Fact]
    public void UnknownKey_IsAWarningNotAFailure()
    {
        var r = LeanEngineParser.Parse("run: python app.py\nfrobnicate: yes\nextraPorts: []");
        Assert.True(r.Ok);
        Assert.Equal(2, r.Warnings.Count);
        Assert.Contains(r.Warnings, w => w.Contains("'frobnicate'") && w.Contains("unknown key"));
        Assert.Contains(r.Warnings, w => w.Contains("'extraPorts'") && w.Contains("not supported"));
    }

    [Fact]
    public void ErrorsCarryTheLineNumber()
    {
        var r = LeanEngineParser.Parse("run: python app.py\n\nstartupTimeout: 999");
        Assert.Contains("line 3", Assert.Single(r.Errors));
    }

    private sealed class StepComparer : IEqualityComparer<BuildStep>
    {
        public bool Equals(BuildStep? x, BuildStep? y) => x?.ToString() == y?.ToString();

        public int GetHashCode(BuildStep obj) => obj.ToString()!.GetHashCode();
    }
}
