#!/usr/bin/env python3
"""Reproduction (not a benchmark): GitDeploy SIGTERMs an UNRELATED process group that reused the
pid of one of its instances that had already exited.

An app (leanengine.yaml `run: python app.py`) serves HTTP for 3 s, then exits by itself. The
supervisor does not notice (the route answers 502 from then on). A `sleep 300` in its own session
is then given the same pid (forced through /proc/sys/kernel/ns_last_pid: needs root; on a busy
machine with pid_max 32768 plain pid reuse does the same within minutes). Redeploying the app makes
the supervisor drain and stop the previous instance: ProcessGroup.TerminateAsync sends SIGTERM to
-pid without checking that the group is still that instance's, and the sleep dies.
Run: GITDEPLOY_BENCH_BUILDPACKS=... bench/findings/stale-pgid-kill.py
"""
import os, re, subprocess, sys, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
import gdbench as gd

work = gd.new_workdir("repro")
exe = gd.gitdeploy_bin(work)
server = gd.Server(exe, work / "data", work / "server.log").start()
APP = '''import http.server, os, threading
port = int(os.environ["LEANCLOUD_APP_PORT"])
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers(); self.wfile.write(b"ok\\n")
threading.Timer(3, lambda: os._exit(0)).start()   # the app exits by itself 3 s after start
http.server.HTTPServer(("127.0.0.1", port), H).serve_forever()
'''
server.create_app("shortlived")
repo = work / "src"
gd.init_repo(repo, {"app.py": APP, "requirements.txt": "# none\n", "leanengine.yaml": "run: python app.py\n"})
push = gd.timed_push(repo, server.git_url("shortlived"))
print(push.text())
pid = int(re.search(r"Starting new instance \(pid (\d+)", "\n".join(l for _, l in push.lines)).group(1))
print(f"instance pid {pid}; waiting for it to exit by itself")
for _ in range(100):
    if not os.path.exists(f"/proc/{pid}"): break
    time.sleep(0.1)
print("instance gone:", not os.path.exists(f"/proc/{pid}"), "| route now answers:", server.get_app("shortlived"))
# an unrelated process group that happens to get the same number (pid reuse, forced here)
victim = None
for attempt in range(20):
    with open("/proc/sys/kernel/ns_last_pid", "w") as f: f.write(str(pid - 1))
    p = subprocess.Popen(["sleep", "300"], start_new_session=True)
    if p.pid == pid: victim = p; break
    p.kill(); p.wait()
print("victim (unrelated `sleep 300`, its own process group) pid:", victim and victim.pid)
gd.on_exit(lambda: victim and victim.poll() is None and victim.kill())
# redeploy the app: the supervisor drains and stops the previous (already exited) instance
gd.write_files(repo, {"app.py": APP.replace("ok", "ok2")})
gd.commit_all(repo, "v2")
push2 = gd.timed_push(repo, server.git_url("shortlived"))
time.sleep(4)  # drain (1 s) + stop
rc = victim.poll()
print("victim after the redeploy:", "KILLED by signal %d" % -rc if rc is not None and rc < 0 else f"alive (rc={rc})")
server.stop()
