#!/usr/bin/env python3
"""Reproduction (not a benchmark): stopping an instance can SIGKILL an UNRELATED process group that
takes the instance's number while the supervisor waits for the instance's group to die.

Instance.StopCore checks once that the group is still ours (ProcessGroup.IsOurs) and then calls
ProcessGroup.TerminateAsync(pgid, ...): SIGTERM to -pgid, then a poll every 50 ms of
`kill(-pgid, 0)` ("any process in group pgid?") until the group is gone or the grace period
(--stop-grace-seconds) ends, and then SIGKILL to -pgid. Ownership is not checked again during the
wait. If the instance's last process ends and a new session leader is given the same number before
the next poll, the poll sees the stranger's group as "still alive", the grace period runs out and
the stranger gets SIGKILL. ReapOrphansAsync (server start after a kill -9) waits the same way.

Setting, made deterministic here:
  - the app's leader (python, HTTP) dies at SIGTERM; a child it forked stays in the group, ignores
    SIGTERM and exits by itself 1.5 s later (a worker finishing its request does the same);
  - this script is the child subreaper (PR_SET_CHILD_SUBREAPER), so the orphaned child's zombie
    comes to it, as it would to init; it reaps the zombie and at once starts `sleep 300` in its own
    session with the freed number (forced through /proc/sys/kernel/ns_last_pid: needs root; on a busy
    machine with pid_max 32768 plain reuse can do the same, rarely);
  - the server runs with --stop-grace-seconds 3; POST /restart replaces the instance (drain 1 s,
    then the stop above).
Expected if correct: the sleep survives. Observed: see the output (exit 1 = the stranger was killed).
Each attempt takes ~8 s; up to 5 attempts, since the 50 ms poll can fall into the ~2 ms between
the reap and the new process and then correctly see the group gone.
Run: bench/findings/stop-wait-kills-stranger.py
"""
import ctypes
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
import gdbench as gd  # noqa: E402

APP_PY = '''import http.server, os, signal, sys, time
port = int(os.environ["LEANCLOUD_APP_PORT"])
if os.fork() == 0:
    # a member of the instance's group that outlives its leader by 1.5 s, like a worker finishing a request
    fd = os.open(os.devnull, os.O_RDWR)
    for i in (0, 1, 2):
        os.dup2(fd, i)
    term = []
    signal.signal(signal.SIGTERM, lambda *a: term.append(time.monotonic()))
    while not term or time.monotonic() - term[0] < 1.5:
        time.sleep(0.05)
    os._exit(0)
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers(); self.wfile.write(b"ok\\n")
    def log_message(self, *a): pass
http.server.HTTPServer(("127.0.0.1", port), H).serve_forever()
'''


def stat(pid: int):
    try:
        raw = open(f"/proc/{pid}/stat").read()
    except OSError:
        return None
    f = raw[raw.rindex(")") + 2:].split()
    return {"state": f[0], "ppid": int(f[1]), "pgid": int(f[2])}


def attempt(server: gd.Server, app: str, n: int) -> str:
    pgid = server.wait_healthy(app)[0]["pid"]
    members = [p for p, (_, pg, *_) in gd.process_ticks().items() if pg == pgid and p != pgid]
    if len(members) != 1:
        raise gd.BenchError(f"expected one member besides the leader in group {pgid}, found {members}")
    child = members[0]
    print(f"attempt {n}: instance group {pgid} (leader {pgid}, lingering member {child}); POST /restart ...")
    status, text = server.api("POST", f"/api/apps/{app}/restart", timeout=60)
    if status != 200:
        raise gd.BenchError(f"restart: HTTP {status} {text}")
    t_restart = time.monotonic()
    # the old instance drains 1 s, gets SIGTERM: the leader dies, the member becomes our zombie 1.5 s later
    end = time.monotonic() + 20
    while time.monotonic() < end:
        s = stat(child)
        if s and s["state"] == "Z" and s["ppid"] == os.getpid():
            break
        time.sleep(0.0005)
    else:
        raise gd.BenchError(f"member {child} did not become our zombie: {stat(child)}")
    leader_gone = stat(pgid) is None
    os.waitpid(child, 0)  # the last process of group pgid is gone now; the number is free
    victim = None
    for _ in range(20):
        with open("/proc/sys/kernel/ns_last_pid", "w") as f:
            f.write(str(pgid - 1))
        p = subprocess.Popen(["sleep", "300"], start_new_session=True)
        if p.pid == pgid:
            victim = p
            break
        p.kill()
        p.wait()
    if victim is None:
        return "no-victim"
    gd.on_exit(lambda: victim.poll() is None and victim.kill())
    t_victim = time.monotonic()
    print(f"  {t_victim - t_restart:.2f} s after the restart: leader gone: {leader_gone}; member reaped; "
          f"unrelated `sleep 300` started as pid {victim.pid}, its own group {os.getpgid(victim.pid)}")
    try:
        victim.wait(8)
    except subprocess.TimeoutExpired:
        pass
    rc = victim.poll()
    if rc is None:
        print("  victim alive 8 s later (the server re-checked the group, or its 50 ms poll fell into the ~2 ms "
              "between the reap and the new process)")
        victim.kill()
        victim.wait()
        return "alive"
    print(f"  victim DIED {time.monotonic() - t_victim:.2f} s after it started: killed by signal {-rc}"
          + (" (SIGKILL)" if rc == -9 else " (SIGTERM)" if rc == -15 else ""))
    time.sleep(1)
    for _, line in server.events():
        if f"pid {pgid}," in line:
            print("  server log: " + line)
    return "killed"


def main() -> int:
    if os.geteuid() != 0:
        raise gd.BenchError("needs root (writes /proc/sys/kernel/ns_last_pid)")
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(36, 1, 0, 0, 0) != 0:  # PR_SET_CHILD_SUBREAPER
        raise gd.BenchError("prctl(PR_SET_CHILD_SUBREAPER) failed")
    work = gd.new_workdir("repro-stopwait")
    exe = gd.gitdeploy_bin(work)
    server = gd.Server(exe, work / "data", work / "server.log", extra_args=("--stop-grace-seconds", 3)).start()
    app = "lingering"
    server.create_app(app)
    repo = work / "src"
    gd.init_repo(repo, {"app.py": APP_PY, "requirements.txt": "# none\n",
                        "leanengine.yaml": "run: exec python app.py\n"})
    push = gd.timed_push(repo, server.git_url(app))
    if push.failed:
        raise gd.BenchError("deploy failed:\n" + push.text())
    outcomes = []
    for n in range(1, 6):
        outcomes.append(attempt(server, app, n))
        if outcomes[-1] == "killed":
            break
        time.sleep(1)
    server.stop()
    killed = "killed" in outcomes
    print("RESULT: " + ("GitDeploy SIGKILLed an unrelated process group that took a stopping instance's number"
                        if killed else f"not reproduced in {len(outcomes)} attempts ({outcomes})"))
    return 1 if killed else 0


if __name__ == "__main__":
    gd.main_wrapper(main)
