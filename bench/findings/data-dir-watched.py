#!/usr/bin/env python3
"""Reproduction (not a benchmark): the server holds an inotify watch on EVERY directory of its data
directory (repos, releases, every virtualenv, instances, logs) and reads an event for every file
change in it, for no use.

Likely cause: ServerHost builds the host with WebApplicationOptions.ContentRootPath = the data
directory, and WebApplication.CreateBuilder's default configuration watches appsettings*.json in
the content root with reloadOnChange, through a PhysicalFileProvider whose FileSystemWatcher
covers the content root recursively (Linux: one inotify watch per directory).

Shown here: (1) the watch count equals the number of directories under the data dir, after start,
after a Flask deploy (its virtualenv: ~90 directories) and after 2,000 empty directories are
created under DATA/bench-scratch; (2) the server's CPU while 20,000 small appends are made to a file
under DATA vs. the same appends to a file outside it (nothing in GitDeploy reads either file);
(3) with wrk installed: 5 s of load sent DIRECTLY to a hello-world app's gunicorn (no access log,
so it prints nothing; the server is not in the path): each request makes the gunicorn sync worker
touch its heartbeat file, which lives in the instance's TMPDIR under DATA/instances/, so the server
reads one inotify event per request of its apps' traffic, whichever way the traffic arrives.
Costs: a watch per directory (fs.inotify.max_user_watches is per user: 8,192 on older kernels,
shared with every other process of that user), and CPU per event: the perf profile in RESULTS.md
shows ~4.5 % of the server's CPU in FileSystemWatcher while it ingests an app's access log (its own
writes to logs/apps/APP/ under the data dir). Run: bench/findings/data-dir-watched.py (exit 1 = shown).
"""
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
import gdbench as gd  # noqa: E402


def dirs(root: Path) -> int:
    return sum(1 for _ in os.walk(root))


def appends_cpu(server: gd.Server, path: Path, n: int = 20000) -> float:
    """Server CPU seconds while N small appends (each open/write/close) are made to PATH."""
    time.sleep(1)
    c0 = gd.cpu_ticks(server.pid)
    for i in range(n):
        with open(path, "a") as f:
            f.write(f"line {i}\n")
    time.sleep(1)
    return (gd.cpu_ticks(server.pid) - c0) / gd.HZ


def main() -> int:
    work = gd.new_workdir("repro-watch")
    exe = gd.gitdeploy_bin(work)
    data = work / "data"
    server = gd.Server(exe, data, work / "server.log").start()
    time.sleep(1)
    rows = [["fresh server", gd.inotify_watches(server.pid), dirs(data)]]
    server.create_app("fl")
    repo = work / "fl"
    gd.init_repo(repo, gd.flask_files("v1"))
    push = gd.timed_push(repo, server.git_url("fl"))
    if push.failed:
        raise gd.BenchError("deploy failed:\n" + push.text())
    time.sleep(1)
    rows.append(["after one Flask deploy", gd.inotify_watches(server.pid), dirs(data)])
    for i in range(2000):
        (data / "bench-scratch" / f"d{i:04}").mkdir(parents=True)
    time.sleep(2)
    rows.append(["after mkdir of 2,000 dirs under DATA/bench-scratch", gd.inotify_watches(server.pid), dirs(data)])
    print(gd.table(["when", "inotify watches held by the server", "directories under the data dir"],
                   [[str(c) for c in r] for r in rows]))
    inside = appends_cpu(server, data / "bench-scratch" / "file.txt")
    outside = appends_cpu(server, work / "outside.txt")
    direct = None
    if shutil.which("wrk"):
        # an app whose gunicorn prints nothing per request (no access log), so the server has no output to read
        run = ('exec python -m gunicorn --bind "${LEANCLOUD_APP_HOST:-0.0.0.0}:${LEANCLOUD_APP_PORT}" --workers 2 '
               '--error-logfile - wsgi:application')
        server.create_app("quiet")
        gd.init_repo(work / "quiet", {"wsgi.py": gd.plain_wsgi("hi"), "requirements.txt": "gunicorn\nsetuptools\n",
                                      "leanengine.yaml": f"run: '{run}'\n"})
        if gd.timed_push(work / "quiet", server.git_url("quiet")).failed:
            raise gd.BenchError("deploy of the quiet app failed")
        port = server.wait_healthy("quiet")[0]["port"]
        time.sleep(1)
        c0 = gd.cpu_ticks(server.pid)
        r = gd.wrk(f"http://127.0.0.1:{port}/", threads=1, connections=2, duration=5, latency=False)
        direct = ((gd.cpu_ticks(server.pid) - c0) / gd.HZ, r["requests"])
    server.stop()
    print(f"\nserver CPU during 20,000 appends to a file under DATA: {inside:.2f} s; "
          f"to a file outside DATA: {outside:.2f} s")
    if direct:
        print(f"server CPU while wrk sent {direct[1]} requests straight to the app's gunicorn port"
              f" (the server is not in the path): {direct[0]:.2f} s = {direct[0] / direct[1] * 1e6:.0f} µs"
              f" per request (gunicorn's heartbeat file is under DATA)")
    shown = rows[-1][1] >= rows[-1][2] - 5 and rows[-1][1] > rows[0][1] + 1900
    print("RESULT: " + ("the server watches every directory of its data dir and pays for every change in it"
                        if shown else "not shown"))
    return 1 if shown else 0


if __name__ == "__main__":
    gd.main_wrapper(main)
