namespace GitDeploy.Tests.Infrastructure;

/// <summary>
/// A single-process app (run:) that tests steer over HTTP: exit, hang, print, crash at start
/// while a marker file exists, ignore SIGTERM. Every answer says its pid and release tag.
/// </summary>
public static class ControlApp
{
    public const string Source = """
        import os, sys, time, signal
        from http.server import HTTPServer, BaseHTTPRequestHandler
        from urllib.parse import urlparse, parse_qs
        marker = open("marker.txt").read().strip() if os.path.exists("marker.txt") else ""
        if marker and os.path.exists(marker):
            print("crash marker present: exiting", flush=True)
            sys.exit(3)
        if os.path.exists("ignore-term"):
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
        class H(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass
            def do_GET(self):
                u = urlparse(self.path)
                q = parse_qs(u.query)
                if u.path == "/exit":
                    os._exit(int(q.get("code", ["1"])[0]))
                if u.path == "/hang":
                    time.sleep(3600)
                if u.path == "/say":
                    print(q["msg"][0], flush=True)
                if u.path == "/long":
                    print("L" * 5000, flush=True)
                if u.path == "/write":
                    open("written-by-the-app.txt", "w").write("x")
                body = ("pid=%d tag=%s wrote=%s" % (os.getpid(), os.environ.get("LEANCLOUD_VERSION_TAG"), os.path.exists("written-by-the-app.txt"))).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
        HTTPServer(("127.0.0.1", int(os.environ["LEANCLOUD_APP_PORT"])), H).serve_forever()
        """;

    public static void Write(string dir, string? crashMarker = null, bool ignoreTerm = false)
    {
        var files = new Dictionary<string, string>
        {
            ["control.py"] = Source,
            ["requirements.txt"] = "",
            [".python-version"] = "3.11",
            ["leanengine.yaml"] = "run: exec python control.py",
        };
        if (crashMarker is not null) files["marker.txt"] = crashMarker;
        if (ignoreTerm) files["ignore-term"] = "yes";
        SampleApps.Write(dir, files);
    }

    public static int Pid(string body) => int.Parse(body.Split(' ')[0]["pid=".Length..]);
}
