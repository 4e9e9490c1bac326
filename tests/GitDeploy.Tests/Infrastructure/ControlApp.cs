namespace GitDeploy.Tests.Infrastructure;

/// <summary>
/// A one-process app (run:) that tests steer over HTTP: exit, hang, print, crash at start
/// while a marker file exists, ignore SIGTERM. Every answer says its pid and release tag.
/// </summary>
public static class ControlApp
{
    public const string Source = """
        import base64, gzip, hashlib, os, signal, struct, sys, threading, time
        from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
        from urllib.parse import urlparse, parse_qs
        marker = open("marker.txt").read().strip() if os.path.exists("marker.txt") else ""
        if marker and os.path.exists(marker):
            print("crash marker present: exiting", flush=True)
            sys.exit(3)
        if os.path.exists("ignore-term"):
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
        hung = threading.Event()
        deaf = threading.Event()
        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *a):
                pass
            def reply(self, body, status=200, ctype="text/plain", extra=()):
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in extra:
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)
            def body(self):
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    data = b""
                    while True:
                        size = int(self.rfile.readline().strip().split(b";")[0], 16)
                        if size == 0:
                            self.rfile.readline()
                            return data
                        data += self.rfile.read(size)
                        self.rfile.readline()
                return self.rfile.read(int(self.headers.get("Content-Length", "0")))
            def do_POST(self):
                self.do_GET()
            def do_GET(self):
                if hung.is_set():
                    time.sleep(3600)
                if deaf.is_set():
                    self.close_connection = True
                    return
                u = urlparse(self.path)
                q = parse_qs(u.query)
                if u.path == "/exit":
                    os._exit(int(q.get("code", ["1"])[0]))
                if u.path == "/hang":
                    hung.set()
                    time.sleep(3600)
                if u.path == "/say":
                    print(q["msg"][0], flush=True)
                if u.path == "/long":
                    print("L" * 5000, flush=True)
                if u.path == "/write":
                    open("written-by-the-app.txt", "w").write("x")
                if u.path == "/headers":
                    return self.reply("\n".join("%s: %s" % (k, v) for k, v in self.headers.items()).encode())
                if u.path == "/status":
                    return self.reply(b"status", int(q["code"][0]))
                if u.path == "/slow":
                    time.sleep(float(q["s"][0]))
                if u.path == "/big":
                    return self.reply(("lorem ipsum dolor sit amet " * 1000).encode())
                if u.path == "/gzipped":
                    return self.reply(gzip.compress(b"already compressed " * 100), extra=[("Content-Encoding", "gzip")])
                if u.path == "/echo-body":
                    return self.reply(str(len(self.body())).encode())
                if u.path == "/stop-listening":
                    deaf.set()
                    threading.Thread(target=lambda: (server.shutdown(), server.server_close())).start()
                if u.path == "/ws":
                    return self.websocket()
                self.reply(("pid=%d home=%s tag=%s wrote=%s" % (os.getpid(), os.environ["HOME"],
                    os.environ.get("LEANCLOUD_VERSION_TAG"), os.path.exists("written-by-the-app.txt"))).encode())
            def websocket(self):
                key = self.headers["Sec-WebSocket-Key"] + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
                self.send_response(101)
                self.send_header("Upgrade", "websocket")
                self.send_header("Connection", "Upgrade")
                self.send_header("Sec-WebSocket-Accept", base64.b64encode(hashlib.sha1(key.encode()).digest()).decode())
                self.end_headers()
                self.wfile.flush()
                while True:
                    head = self.rfile.read(2)
                    if len(head) < 2:
                        return
                    opcode, length = head[0] & 0x0F, head[1] & 0x7F
                    if length == 126:
                        length = struct.unpack(">H", self.rfile.read(2))[0]
                    elif length == 127:
                        length = struct.unpack(">Q", self.rfile.read(8))[0]
                    mask = self.rfile.read(4) if head[1] & 0x80 else b"\0\0\0\0"
                    data = bytes(b ^ mask[i % 4] for i, b in enumerate(self.rfile.read(length)))
                    if opcode == 8:
                        self.wfile.write(b"\x88\x00")
                        self.wfile.flush()
                        self.close_connection = True
                        return
                    size = bytes([len(data)]) if len(data) < 126 else b"\x7e" + struct.pack(">H", len(data))
                    self.wfile.write(bytes([0x80 | opcode]) + size + data)
                    self.wfile.flush()
        server = ThreadingHTTPServer(("127.0.0.1", int(os.environ["LEANCLOUD_APP_PORT"])), H)
        server.daemon_threads = True
        server.serve_forever()
        while True:
            time.sleep(3600)
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
        if (crashMarker is not null)
            files["marker.txt"] = crashMarker;
        if (ignoreTerm)
            files["ignore-term"] = "yes";
        SampleApps.Write(dir, files);
    }

    /// <summary>
    /// The host's pid of the instance that answered (its process group's leader), or -1 when it is gone: the
    /// app's own pid is its sandbox's (PID namespace), so the instance is found by its HOME, which is its own.
    /// </summary>
    public static int Pid(string body)
    {
        var home = body.Split(' ')[1]["home=".Length..];
        var pids = Processes.WithHome(home);
        return pids.Count == 0 ? -1 : pids.Min();
    }
}
