namespace GitDeploy.Tests.Infrastructure;

/// <summary>Fixture apps written into a work tree.</summary>
public static class SampleApps
{
    public const string FlaskWsgi = """
        import os
        from flask import Flask
        application = Flask(__name__)

        @application.route("/")
        def index():
            return "flask says hi from " + os.environ["LEANCLOUD_VERSION_TAG"] + "\n"

        @application.route("/env/<name>")
        def env(name):
            return os.environ.get(name, "<unset>")
        """;

    /// <summary>A WSGI app with no dependencies at all.</summary>
    public const string PlainWsgi = """
        import os, sys
        def application(environ, start_response):
            path = environ.get("PATH_INFO", "/")
            if path.startswith("/env/"):
                body = os.environ.get(path[5:], "<unset>")
            elif path == "/headers":
                body = "\n".join("%s=%s" % (k, v) for k, v in sorted(environ.items()) if k.startswith("HTTP_"))
            else:
                body = "plain %s on %d.%d" % (os.environ.get("LEANCLOUD_VERSION_TAG"), sys.version_info[0],
                    sys.version_info[1])
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [body.encode()]
        """;

    public static void Write(string dir, IReadOnlyDictionary<string, string> files)
    {
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(dir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content.EndsWith('\n') ? content : content + "\n");
        }
    }

    public static void Flask(string dir, string pythonVersion = "3.10") =>
        Write(
            dir,
            new Dictionary<string, string>
            {
                ["wsgi.py"] = FlaskWsgi,
                ["requirements.txt"] = "flask",
                [".python-version"] = "# the Python this app runs on\n\n" + pythonVersion,
            }
        );

    public static void Plain(string dir) =>
        Write(
            dir,
            new Dictionary<string, string> { ["wsgi.py"] = PlainWsgi, ["requirements.txt"] = "# no dependencies" }
        );
}
