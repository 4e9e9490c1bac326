#!/usr/bin/env python3
"""Reproduction (not a benchmark): an UNRELATED process group that reused the pid of an instance
that had already exited must never be signalled by GitDeploy.

(Finding 2 of bench/RESULTS.md: the server used to SIGTERM `-pid` of a dead instance when it was
replaced. Adapted to the current server, which notices exits and restarts the instance.)

An app (leanengine.yaml `run: python app.py`) serves HTTP and, the first time only (a marker file),
exits by itself 3 s after starting. The moment its pid disappears, a `sleep 300` in its own
session is given that pid (forced through /proc/sys/kernel/ns_last_pid: needs root; on a busy
machine with pid_max 32768 plain reuse does the same within minutes), so the dead instance's
number now names an unrelated process group. Then every path that stops instances runs while the
victim holds the number: the supervisor's own clean-up of the exited instance and its restart
(back-off 1 s), a redeploy (drain, stop), a restart, scale 2 → 1, and finally the server's
shutdown. The victim must be alive at the end; the script prints which step, if any, killed it.
Run: bench/findings/stale-pgid-kill.py   (exit 0 = victim never signalled, 1 = it was, 2 = could not run)
"""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
import gdbench as gd  # noqa: E402

APP_PY = '''import http.server, os, threading
port = int(os.environ["LEANCLOUD_APP_PORT"])
MARK = {mark!r}
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers(); self.wfile.write(b"{text}\\n")
    def log_message(self, *a): pass
if not os.path.exists(MARK):  # the first instance only: exit by itself 3 s after start
    open(MARK, "w").close()
    threading.Timer(3, lambda: os._exit(0)).start()
http.server.HTTPServer(("127.0.0.1", port), H).serve_forever()
'''


def take_pid(pid: int, deadline_s: float = 10) -> subprocess.Popen | None:
    """Once PID is gone, start `sleep 300` in its own session with exactly that pid."""
    end = time.monotonic() + deadline_s
    while os.path.exists(f"/proc/{pid}") and time.monotonic() < end:
        time.sleep(0.001)
    for _ in range(50):
        with open("/proc/sys/kernel/ns_last_pid", "w") as f:
            f.write(str(pid - 1))
        p = subprocess.Popen(["sleep", "300"], start_new_session=True)
        if p.pid == pid:
            return p
        p.kill()
        p.wait()
    return None


def main() -> int:
    if os.geteuid() != 0:
        raise gd.BenchError("needs root (writes /proc/sys/kernel/ns_last_pid)")
    work = gd.new_workdir("repro-stale")
    exe = gd.gitdeploy_bin(work)
    server = gd.Server(exe, work / "data", work / "server.log", extra_args=("--stop-grace-seconds", 3)).start()
    mark = work / "exited-once"
    app = "shortlived"
    server.create_app(app)
    repo = work / "src"
    gd.init_repo(repo, {"app.py": APP_PY.format(mark=str(mark), text="v1"), "requirements.txt": "# none\n",
                        "leanengine.yaml": "run: python app.py\n"})
    push = gd.timed_push(repo, server.git_url(app))
    if push.failed:
        raise gd.BenchError("deploy failed:\n" + push.text())
    pid = server.wait_healthy(app)[0]["pid"]
    print(f"instance pid {pid} (its group {os.getpgid(pid)}); it exits by itself 3 s after starting")
    victim = take_pid(pid)
    if victim is None:
        raise gd.BenchError(f"could not give pid {pid} to a new process")
    gd.on_exit(lambda: victim.poll() is None and victim.kill())
    print(f"victim: an unrelated `sleep 300` in its own session now has pid {victim.pid} "
          f"= pgid {os.getpgid(victim.pid)}")

    def alive(step: str) -> bool:
        rc = victim.poll()
        print(f"  after {step}: victim "
              + ("alive" if rc is None else f"DEAD (killed by signal {-rc})" if rc < 0 else f"exited {rc}"))
        return rc is None

    t = time.monotonic()
    rows = []
    while time.monotonic() - t < 20:
        rows = server.ps(app)
        if rows and rows[0]["pid"] != pid and rows[0]["state"] == "healthy":
            break
        time.sleep(0.1)
    print(f"the supervisor saw the exit and restarted the instance: {rows}")
    ok = alive("the supervisor's clean-up of the exited instance and its restart")
    gd.write_files(repo, {"app.py": APP_PY.format(mark=str(mark), text="v2")})
    gd.commit_all(repo, "v2")
    push2 = gd.timed_push(repo, server.git_url(app))
    print(f"redeploy: {'ok' if not push2.failed else 'FAILED'}")
    time.sleep(2.5)  # drain (1 s) + stop
    ok &= alive("a redeploy (the previous instance drained and stopped)")
    print("restart:", server.api("POST", f"/api/apps/{app}/restart")[0])
    time.sleep(2.5)
    ok &= alive("a restart")
    print("scale 2:", server.api("POST", f"/api/apps/{app}/scale", {"count": 2})[0],
          "scale 1:", server.api("POST", f"/api/apps/{app}/scale", {"count": 1})[0])
    time.sleep(2.5)
    ok &= alive("scale 2 → 1")
    server.stop()
    ok &= alive("the server's shutdown")
    events = [t for _, t in server.events() if f"pid {pid}" in t]
    print("server log lines about the dead instance's pid:\n  " + "\n  ".join(events))
    print("RESULT: " + ("the unrelated process group was never signalled" if ok
                        else "GitDeploy signalled an unrelated process group"))
    return 0 if ok else 1


if __name__ == "__main__":
    gd.main_wrapper(main)
