"""Shared helpers for GitDeploy's benchmarks: a real server on 127.0.0.1, real git, real apps.

Every process a benchmark starts is stopped on exit (normal end, exception, SIGINT, SIGTERM or
SIGHUP): the server gets SIGTERM (it stops its apps), then SIGKILL after a grace period, and any
app process left behind (found by its HOME under the data directory) is reported and stopped.
"""
from __future__ import annotations

import atexit
import contextlib
import datetime as _dt
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent.parent
REPO_ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"  # git-ignored: logs and raw JSON of each run
DEFAULT_BIN = REPO_ROOT / "src" / "GitDeploy" / "bin" / "Release" / "net10.0" / "gitdeploy"
TOKEN = "bench-admin-token"


class BenchError(Exception):
    """The benchmark could not run (not a missed target): exit non-zero."""


def log(msg: str) -> None:
    print(msg, flush=True)


def now_stamp() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


# ----------------------------------------------------------------------------------------------
# cleanup on every exit path

_cleanups: list = []


def on_exit(fn) -> None:
    _cleanups.append(fn)


def _run_cleanups() -> None:
    while _cleanups:
        fn = _cleanups.pop()
        try:
            fn()
        except Exception as e:  # keep cleaning
            print(f"cleanup error: {e}", file=sys.stderr, flush=True)


def _on_signal(signum, _frame):
    raise SystemExit(128 + signum)


atexit.register(_run_cleanups)
for _s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    signal.signal(_s, _on_signal)


# ----------------------------------------------------------------------------------------------
# paths and the executable

def wheelhouse() -> str:
    w = os.environ.get("GITDEPLOY_TEST_WHEELHOUSE") or str(REPO_ROOT / ".." / "shared" / "wheelhouse")
    w = os.path.abspath(w)
    if not os.path.isdir(w):
        raise BenchError(f"wheelhouse {w} not found: set GITDEPLOY_TEST_WHEELHOUSE")
    return w


def _has_buildpack_scripts(content_root: Path) -> bool:
    return any((p / "bin" / "detect").is_file() for p in (content_root / "buildpacks").glob("*"))


def gitdeploy_bin(workdir: Path) -> Path:
    """The gitdeploy executable to benchmark.

    GITDEPLOY_BIN overrides; otherwise the Release build of this work tree, built (incrementally)
    on every call so a benchmark never measures a stale binary.
    The server reads buildpacks/ next to the executable. When that copy has no buildpack scripts
    (see bench/README.md: buildpacks/python/bin/ is git-ignored), GITDEPLOY_BENCH_BUILDPACKS may
    name a buildpacks/ folder to use instead: the build output is then copied into WORKDIR with
    that folder laid over its buildpacks/. The work tree itself is never changed.
    """
    b = os.environ.get("GITDEPLOY_BIN")
    exe = Path(b).resolve() if b else DEFAULT_BIN
    if b and not exe.exists():
        raise BenchError(f"GITDEPLOY_BIN={b} does not exist")
    if not b:
        log(f"building {exe.relative_to(REPO_ROOT)} (dotnet build -c Release src/GitDeploy) ...")
        r = subprocess.run(["dotnet", "build", "-c", "Release", "src/GitDeploy", "-nologo", "-v", "q"],
                           cwd=REPO_ROOT, capture_output=True, text=True, timeout=900)
        if r.returncode != 0 or not exe.exists():
            raise BenchError("dotnet build failed:\n" + r.stdout[-3000:] + r.stderr[-3000:])
    root = exe.parent
    if _has_buildpack_scripts(root):
        return exe
    overlay = os.environ.get("GITDEPLOY_BENCH_BUILDPACKS")
    if not overlay:
        raise BenchError(
            f"{root}/buildpacks has no buildpack scripts (no */bin/detect), so every deploy would fail with\n"
            "'Failed to start a process with file path .../buildpacks/python/bin/detect'.\n"
            "Cause: .gitignore's 'bin/' also ignores buildpacks/python/bin/, so the scripts are not in git.\n"
            "Set GITDEPLOY_BENCH_BUILDPACKS=/path/to/a/buildpacks (with python/bin/detect ...) to benchmark anyway.")
    overlay_p = Path(overlay).resolve()
    if not _has_buildpack_scripts(overlay_p.parent) and not any((p / "bin" / "detect").is_file()
                                                                for p in overlay_p.glob("*")):
        raise BenchError(f"GITDEPLOY_BENCH_BUILDPACKS={overlay} has no */bin/detect")
    copy = workdir / "gitdeploy-bin"
    if not copy.exists():
        shutil.copytree(root, copy, symlinks=True)
        shutil.rmtree(copy / "buildpacks", ignore_errors=True)
        shutil.copytree(overlay_p, copy / "buildpacks", symlinks=True)
        log(f"note: buildpack scripts taken from GITDEPLOY_BENCH_BUILDPACKS={overlay_p} "
            f"(build output copied to {copy})")
    return copy / exe.name


def _proc_ticks() -> dict[int, tuple[int, int, str]]:
    """pid -> (ppid, utime+stime ticks, comm) for every process."""
    out = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                raw = f.read()
        except OSError:
            continue
        comm = raw[raw.index("(") + 1:raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2:].split()
        out[int(d)] = (int(fields[1]), int(fields[11]) + int(fields[12]), comm)
    return out


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace").strip()[:100]
    except OSError:
        return "?"


class ForeignCpu:
    """Samples, every second, the CPU time used by processes that are NOT this benchmark or its
    descendants (e.g. a concurrent `dotnet test`), so a run can say how contended it was."""

    def __init__(self):
        self.me = os.getpid()
        self.hz = os.sysconf("SC_CLK_TCK")
        self.t0 = time.monotonic()
        self.ticks: dict[str, float] = {}
        self._stop = threading.Event()
        self._prev = _proc_ticks()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()

    def _ours(self, pid: int, snap) -> bool:
        for _ in range(64):
            if pid == self.me:
                return True
            if pid not in snap or pid <= 1:
                return False
            pid = snap[pid][0]
        return False

    def _sample(self):
        cur = _proc_ticks()
        for pid, (_, t, comm) in cur.items():
            before = self._prev.get(pid)
            delta = t - before[1] if before and before[2] == comm else t  # else: started since the last sample
            # kernel threads (children of kthreadd, pid 2) are left out: their writeback and
            # softirq work is largely caused by the benchmark's own I/O
            if delta > 0 and pid != 2 and cur[pid][0] != 2 and not self._ours(pid, cur):
                key = f"{comm} ({_cmdline(pid)[:70]})"
                self.ticks[key] = self.ticks.get(key, 0) + delta
        self._prev = cur

    def _run(self):
        while not self._stop.wait(1.0):
            self._sample()

    def stop(self) -> dict:
        self._stop.set()
        self._t.join(5)
        self._sample()
        wall = time.monotonic() - self.t0
        total = sum(self.ticks.values()) / self.hz
        top = sorted(self.ticks.items(), key=lambda kv: -kv[1])[:3]
        return {"wall_s": wall, "foreign_cpu_s": total, "foreign_cores": total / wall if wall else 0,
                "top": [(k, v / self.hz) for k, v in top]}


_monitor: ForeignCpu | None = None


def load_check(end: bool = False) -> dict:
    """Start: print the load average and start watching other processes' CPU use. End: report it
    (other work on this 2-core machine inflates every timing; such runs are flagged)."""
    global _monitor
    la = open("/proc/loadavg").read().strip()
    if not end:
        if os.environ.get("GITDEPLOY_BENCH_WAIT_QUIET"):
            wait_quiet(float(os.environ["GITDEPLOY_BENCH_WAIT_QUIET"]))
        log(f"load average at the start: {la}")
        _monitor = ForeignCpu()
        time.sleep(1.2)
        busy = _monitor.ticks and sum(_monitor.ticks.values()) / _monitor.hz > 0.25
        if busy:
            log("WARNING: other processes are using the CPU right now: " + ", ".join(
                f"{k} {v / _monitor.hz:.1f} s" for k, v in sorted(_monitor.ticks.items(), key=lambda kv: -kv[1])[:3]))
        log("")
        return {"loadavg_start": la}
    r = _monitor.stop() if _monitor else {}
    _monitor = None
    log(f"load average at the end: {la}")
    if r:
        msg = (f"CPU used by OTHER processes during this benchmark: {r['foreign_cpu_s']:.1f} s "
               f"over {r['wall_s']:.0f} s = {r['foreign_cores']:.2f} of {os.cpu_count()} cores")
        if r["foreign_cores"] > 0.1:
            msg += ("\nWARNING: the machine was shared; timings are inflated. Top: "
                    + "; ".join(f"{k}: {v:.1f} s" for k, v in r["top"]))
        else:
            msg += " (quiet machine)"
        log(msg)
    return {"loadavg_end": la, **r}


def foreign_cores(seconds: float) -> tuple[float, list]:
    """CPU used by processes that are not this benchmark or its descendants over SECONDS, in cores
    (kernel threads left out), with the top consumers."""
    me = os.getpid()
    before = process_ticks()
    time.sleep(seconds)
    after = process_ticks()
    used: dict[str, int] = {}
    for pid, (ppid, _, t, comm, started) in after.items():
        if pid == 2 or ppid == 2 or descends_from(pid, me, after):
            continue
        b = before.get(pid)
        d = t - b[2] if b and b[4] == started else t
        if d > 0:
            used[f"{comm} ({_cmdline(pid)[:60]})"] = used.get(f"{comm} ({_cmdline(pid)[:60]})", 0) + d
    top = sorted(used.items(), key=lambda kv: -kv[1])[:3]
    return sum(used.values()) / HZ / seconds, [(k, v / HZ / seconds) for k, v in top]


def wait_quiet(max_wait: float, threshold: float = 0.15, window: float = 3.0) -> float:
    """Waits (at most MAX_WAIT s) until other processes use less than THRESHOLD cores over WINDOW s;
    returns the last reading. For CPU-bound figures on a shared machine."""
    end = time.monotonic() + max_wait
    said = False
    while True:
        cores, top = foreign_cores(window)
        if cores < threshold or time.monotonic() >= end:
            if said:
                log(f"  ... {'quiet' if cores < threshold else 'still busy, going on'} "
                    f"({cores:.2f} cores used by others)")
            return cores
        if not said:
            log(f"  waiting for a quieter machine (others use {cores:.2f} cores: "
                + "; ".join(f"{k} {v:.2f}" for k, v in top) + f"), at most {max_wait:.0f} s ...")
            said = True


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def new_workdir(name: str) -> Path:
    """A scratch folder under the system temp dir (short paths: venv shebangs), removed on exit."""
    d = Path(tempfile.mkdtemp(prefix=f"gdbench-{name}-"))
    if not os.environ.get("GITDEPLOY_BENCH_KEEP"):
        on_exit(lambda: shutil.rmtree(d, ignore_errors=True))
    return d


# ----------------------------------------------------------------------------------------------
# /proc

def _kb_field(path: str, key: str) -> int | None:
    """The kB figure of the line starting with KEY in a /proc file (status, smaps_rollup); None if absent."""
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def rss_kb(pid: int) -> int | None:
    return _kb_field(f"/proc/{pid}/status", "VmRSS:")


def proc_status(pid: int, keys=("VmRSS", "VmHWM", "RssAnon", "RssFile", "RssShmem", "Threads")) -> dict:
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in keys:
                    out[k] = v.strip()
    except OSError:
        pass
    return out


def pss_kb(pid: int) -> int | None:
    """Proportional set size (shared pages split among their users), from smaps_rollup."""
    return _kb_field(f"/proc/{pid}/smaps_rollup", "Pss:")


def inotify_watches(pid: int) -> int:
    """How many inotify watches the process holds (one per watched directory)."""
    n = 0
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return 0
    for fd in fds:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") == "anon_inode:inotify":
                with open(f"/proc/{pid}/fdinfo/{fd}") as f:
                    n += sum(1 for line in f if line.startswith("inotify wd:"))
        except OSError:
            pass
    return n


def pids_with_home_under(prefix: str) -> list[int]:
    """Processes whose environment has HOME under PREFIX (the app instances of one data dir)."""
    found = []
    needle = b"HOME=" + prefix.encode()
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/environ", "rb") as f:
                env = f.read()
        except OSError:
            continue
        if any(e.startswith(needle) for e in env.split(b"\0")):
            found.append(int(d))
    return found


class RssSampler:
    """Samples a process's VmRSS every INTERVAL seconds in a thread; .peak / .samples."""

    def __init__(self, pid: int, interval: float = 0.02):
        self.pid, self.interval = pid, interval
        self.samples: list[int] = []
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            v = rss_kb(self.pid)
            if v is not None:
                self.samples.append(v)
            self._stop.wait(self.interval)

    def __enter__(self):
        self._t.start()
        return self

    def __exit__(self, *a):
        self._stop.set()
        self._t.join(5)
        v = rss_kb(self.pid)
        if v is not None:
            self.samples.append(v)

    @property
    def peak(self) -> int:
        return max(self.samples) if self.samples else 0


# ----------------------------------------------------------------------------------------------
# the server

class Server:
    """`gitdeploy serve` on a free 127.0.0.1 port, in its own session; stopped on exit."""

    def __init__(self, exe: Path, data: Path, logfile: Path, drain_seconds: float = 1, extra_args: tuple = ()):
        self.exe, self.data, self.logfile, self.drain = exe, Path(data), Path(logfile), drain_seconds
        self.extra_args = tuple(str(a) for a in extra_args)  # more `serve` flags, e.g. ("--stop-grace-seconds", 3)
        # GITDEPLOY_BENCH_SERVE_ARGS="--sandbox off": the same benchmark without the app sandbox, for its cost
        self.extra_args += tuple(os.environ.get("GITDEPLOY_BENCH_SERVE_ARGS", "").split())
        self.proc: subprocess.Popen | None = None
        self.port = 0
        self.url = ""
        self.leftovers: list[int] = []

    def start(self, timeout: float = 60) -> "Server":
        env = dict(os.environ)
        for k in list(env):
            if k.startswith("GIT_"):
                env.pop(k)
        env.update(GITDEPLOY_ADMIN_TOKEN=TOKEN, PIP_NO_INDEX="1", PIP_FIND_LINKS=wheelhouse(),
                   PIP_DISABLE_PIP_VERSION_CHECK="1")
        self.logfile.parent.mkdir(parents=True, exist_ok=True)
        for attempt in range(3):
            self.port = free_port()
            self.url = f"http://127.0.0.1:{self.port}"
            lf = open(self.logfile, "ab")
            start_at = lf.tell()  # the log is appended to: only this start's lines count
            self.proc = subprocess.Popen(
                [str(self.exe), "serve", "--data", str(self.data), "--urls", self.url,
                 "--drain-seconds", str(self.drain), *self.extra_args],
                env=env, stdin=subprocess.DEVNULL, stdout=lf, stderr=subprocess.STDOUT,
                start_new_session=True)
            lf.close()
            on_exit(self.stop)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    break
                if b"GitDeploy is listening on" in self.logfile.read_bytes()[start_at:]:
                    return self
                time.sleep(0.05)
            if self.proc.poll() is None:
                self.stop()
                raise BenchError(f"server did not print 'GitDeploy is listening on' within {timeout} s; "
                                 f"see {self.logfile}")
            log(f"server exited with {self.proc.returncode} at start (attempt {attempt + 1}); retrying on another port")
        raise BenchError(f"server would not start; see {self.logfile}")

    @property
    def pid(self) -> int:
        return self.proc.pid if self.proc else 0

    def rss_kb(self) -> int | None:
        return rss_kb(self.pid)

    def stop(self, grace: float = 40) -> None:
        """SIGTERM (the server stops its apps), SIGKILL after GRACE s; then any app process left is
        stopped and recorded."""
        p = self.proc
        if p is None:
            return
        self.proc = None
        if p.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                p.send_signal(signal.SIGTERM)
            try:
                p.wait(grace)
            except subprocess.TimeoutExpired:
                log(f"server pid {p.pid} ignored SIGTERM for {grace} s: SIGKILL")
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(p.pid, signal.SIGKILL)
                p.wait(10)
        # the server should have stopped every app; anything still running is a finding
        instances = str(self.data.resolve() / "instances")
        left = pids_with_home_under(instances)
        if left:
            deadline = time.monotonic() + 3  # give groups that are mid-exit a moment
            while left and time.monotonic() < deadline:
                time.sleep(0.1)
                left = pids_with_home_under(instances)
        if left:
            self.leftovers.extend(left)
            log(f"WARNING: app processes left running after the server stopped: {left}; killing them")
            for pid in left:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)

    # --- API --------------------------------------------------------------------------------
    def api(self, method: str, path: str, body: dict | None = None, timeout: float = 30):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            data = json.dumps(body).encode() if body is not None else None
            headers = {"Authorization": f"Bearer {TOKEN}"}
            if data is not None:
                headers["Content-Type"] = "application/json"
            c.request(method, path, body=data, headers=headers)
            r = c.getresponse()
            text = r.read().decode(errors="replace")
            return r.status, text
        finally:
            c.close()

    def create_app(self, name: str) -> None:
        status, text = self.api("POST", "/api/apps", {"name": name})
        if status not in (200, 201):
            raise BenchError(f"creating app {name}: HTTP {status} {text}")

    def git_url(self, app: str) -> str:
        return f"http://x:{TOKEN}@127.0.0.1:{self.port}/{app}.git"

    def get_app(self, app: str, path: str = "/", timeout: float = 5) -> tuple[int, str]:
        """GET http://APP.localhost:PORT/PATH (sent to 127.0.0.1 with that Host header)."""
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            c.request("GET", path, headers={"Host": f"{app}.localhost:{self.port}"})
            r = c.getresponse()
            return r.status, r.read().decode(errors="replace")
        except OSError as e:
            return 0, str(e)
        finally:
            c.close()

    def ps(self, app: str) -> list[dict]:
        """GET /api/apps/APP/ps: one dict per instance (name, env, tag, pid, port, state, restarts, lastExit, ...)."""
        status, text = self.api("GET", f"/api/apps/{app}/ps")
        if status != 200:
            raise BenchError(f"ps {app}: HTTP {status} {text}")
        return json.loads(text)

    def wait_healthy(self, app: str, count: int = 1, deadline_s: float = 60, env: str = "production") -> list[dict]:
        """Polls ps until exactly COUNT instances of ENV are 'healthy' and none is in another state."""
        end = time.monotonic() + deadline_s
        rows: list[dict] = []
        while time.monotonic() < end:
            rows = [r for r in self.ps(app) if r["env"] == env]
            if len(rows) == count and all(r["state"] == "healthy" for r in rows):
                return rows
            time.sleep(0.05)
        raise BenchError(f"{app}: not {count} healthy instance(s) within {deadline_s} s: {rows}")

    def events(self) -> list[tuple[float, str]]:
        """The server's own log (DATA/logs/server-*.log) as (unix time, text) per entry, for timelines."""
        out = []
        for f in sorted((self.data / "logs").glob("server-*.log")):
            for line in f.read_text(errors="replace").splitlines():
                m = _SERVER_LOG.match(line)
                if m:
                    t = _dt.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=_dt.timezone.utc)
                    out.append((t.timestamp(), m.group(2)))
        return out

    def wait_serving(self, app: str, expect: str, t0: float, deadline_s: float = 60,
                     interval: float = 0.01) -> float | None:
        """Poll the app until its body contains EXPECT; seconds since T0 (time.monotonic) or None at the deadline."""
        end = time.monotonic() + deadline_s
        while time.monotonic() < end:
            status, body = self.get_app(app, timeout=2)
            if status == 200 and expect in body:
                return time.monotonic() - t0
            time.sleep(interval)
        return None


_SERVER_LOG = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+) \+00:00 \[\w+\] (.*)$")


def http_get(port: int, host: str | None = None, path: str = "/", timeout: float = 2) -> tuple[int, str]:
    """GET http://127.0.0.1:PORT/PATH with an optional Host header; (status, body) or (0, error)."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request("GET", path, headers={"Host": host} if host else {})
        r = c.getresponse()
        return r.status, r.read().decode(errors="replace")
    except OSError as e:
        return 0, f"{type(e).__name__}: {e}"
    finally:
        c.close()


def flask_files(version: str) -> dict:
    """The Flask app of the benchmarks: wsgi.py answers 'hello from VERSION', requirements flask, Python 3.10."""
    wsgi = (
        "from flask import Flask\n\n"
        "application = Flask(__name__)\n\n\n"
        "@application.route('/')\n"
        "def index():\n"
        f"    return 'hello from {version}\\n'\n"
    )
    return {"wsgi.py": wsgi, "requirements.txt": "flask\n", ".python-version": "3.10\n"}


def plain_wsgi(text: str) -> str:
    """A dependency-free WSGI app answering TEXT on every path."""
    return ('def application(environ, start_response):\n'
            f'    body = {(text + chr(10)).encode()!r}\n'
            '    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])\n'
            '    return [body]\n')


# ----------------------------------------------------------------------------------------------
# CPU accounting

HZ = os.sysconf("SC_CLK_TCK")


def cpu_ticks(pid: int) -> int | None:
    """utime + stime of a process (all its threads), in clock ticks; None when gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            raw = f.read()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2:].split()
    return int(fields[11]) + int(fields[12])


def thread_ticks(pid: int) -> dict[str, int]:
    """CPU ticks per thread name (threads of the same name summed)."""
    out: dict[str, int] = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                raw = f.read()
        except OSError:
            continue
        name = raw[raw.index("(") + 1:raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2:].split()
        out[name] = out.get(name, 0) + int(fields[11]) + int(fields[12])
    return out


def machine_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot, from /proc/stat."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + (v[4] if len(v) > 4 else 0)
    total = sum(v[:8])  # guest time is already included in user
    return total - idle, total


def process_ticks() -> dict[int, tuple[int, int, int, str, int]]:
    """pid -> (ppid, pgid, utime+stime ticks, comm, start time) for every process."""
    out = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                raw = f.read()
        except OSError:
            continue
        comm = raw[raw.index("(") + 1:raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2:].split()
        out[int(d)] = (int(fields[1]), int(fields[2]), int(fields[11]) + int(fields[12]), comm, int(fields[19]))
    return out


def descends_from(pid: int, ancestor: int, snap: dict) -> bool:
    """Whether PID is ANCESTOR or one of its descendants, in a process_ticks() snapshot."""
    for _ in range(64):
        if pid == ancestor:
            return True
        if pid not in snap or pid <= 1:
            return False
        pid = snap[pid][0]
    return False


class CpuSplit:
    """CPU used between start() and stop(), per category: CLASSIFY(pid, snapshot) -> a name (or None:
    'other'), where snapshot[pid] = (ppid, pgid, ticks, comm). /proc is sampled every INTERVAL s, so
    a process that exits meanwhile is counted up to its last sample. Kernel threads are counted as
    'kernel threads' (loopback networking's softirq work mostly lands on the running process, some on
    ksoftirqd). wrk's own time is best taken from wait4 (gd.wrk's wrk_cpu_s)."""

    def __init__(self, classify, interval: float = 0.5):
        self.classify, self.interval = classify, interval
        self._stop = threading.Event()

    def start(self):
        self.t0 = time.monotonic()
        self.m0 = machine_ticks()
        self.prev = process_ticks()
        self.keys: dict[tuple[int, str], str] = {}
        self.ticks: dict[str, int] = {}
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()
        return self

    def _sample(self):
        cur = process_ticks()
        for pid, (ppid, pgid, t, comm, started) in cur.items():
            before = self.prev.get(pid)
            d = t - before[2] if before and before[4] == started else t  # same process (not a reused pid)
            if d <= 0:
                continue
            k = self.keys.get((pid, started))
            if k is None:
                k = "kernel threads" if pid == 2 or ppid == 2 else (self.classify(pid, cur) or "other")
                self.keys[(pid, started)] = k
            self.ticks[k] = self.ticks.get(k, 0) + d
        self.prev = cur

    def _run(self):
        while not self._stop.wait(self.interval):
            self._sample()

    def stop(self) -> dict:
        self._stop.set()
        self._t.join(5)
        self._sample()
        m1 = machine_ticks()
        wall = time.monotonic() - self.t0
        cores = {k: v / HZ / wall for k, v in self.ticks.items()}
        busy = (m1[0] - self.m0[0]) / max(1, m1[1] - self.m0[1]) * (os.cpu_count() or 1)
        return {"wall_s": wall, "cores": cores, "machine_busy_cores": busy}


def fmt_cores(split: dict, order: list[str]) -> str:
    c = split["cores"]
    keys = [k for k in order if k in c] + sorted(k for k in c if k not in order)
    return (", ".join(f"{k} {c[k]:.2f}" for k in keys if c[k] >= 0.005)
            + f" (machine busy {split['machine_busy_cores']:.2f} of {os.cpu_count()})")


# ----------------------------------------------------------------------------------------------
# load generation

def need_tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BenchError(f"`{name}` is not installed: apt-get update && apt-get install -y {package}")
    return path


_WRK_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float | None:
    m = re.match(r"([0-9.]+)(us|ms|s|m)$", text.strip())
    return float(m.group(1)) * _WRK_UNITS[m.group(2)] if m else None


def wrk(url: str, *, threads: int = 2, connections: int = 4, duration: float = 10, headers: tuple = (),
        latency: bool = True, script: str | None = None, timeout_s: float = 10) -> dict:
    """Runs wrk (bounded: killed at DURATION + 30 s) and parses its report: requests/s, requests, latency
    percentiles in ms (with --latency), non-2xx/3xx responses, socket errors, wrk's own CPU seconds
    (wait4), and anything a Lua SCRIPT printed after the line '--script--'."""
    exe = need_tool("wrk", "wrk")
    cmd = [exe, "-t", str(threads), "-c", str(connections), "-d", f"{duration:g}s", "--timeout", f"{timeout_s:g}s"]
    if latency:
        cmd.append("--latency")
    for h in headers:
        cmd += ["-H", h]
    if script:
        cmd += ["-s", script]
    cmd.append(url)
    out_f = tempfile.TemporaryFile()
    p = subprocess.Popen(cmd, stdout=out_f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    on_exit(lambda: p.poll() is None and p.kill())
    deadline = time.monotonic() + duration + 30
    status = ru = None
    while time.monotonic() < deadline:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        time.sleep(0.05)
    else:
        p.kill()
        _, status, ru = os.wait4(p.pid, 0)
        p.returncode = -9
        raise BenchError(f"wrk did not finish within {duration + 30:g} s: {' '.join(cmd)}")
    p.returncode = os.waitstatus_to_exitcode(status)
    out_f.seek(0)
    text = out_f.read().decode(errors="replace")
    r = {"cmd": " ".join(cmd), "raw": text, "rc": p.returncode, "wrk_cpu_s": ru.ru_utime + ru.ru_stime,
         "rps": None, "requests": None, "non2xx": 0, "errors": {"connect": 0, "read": 0, "write": 0, "timeout": 0},
         "latency_ms": {}, "script": ""}
    m = re.search(r"Requests/sec:\s+([0-9.]+)", text)
    r["rps"] = float(m.group(1)) if m else None
    m = re.search(r"(\d+) requests in ([0-9.]+\w+),", text)
    r["requests"] = int(m.group(1)) if m else None
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    r["non2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        r["errors"] = dict(zip(("connect", "read", "write", "timeout"), map(int, m.groups())))
    m = re.search(r"Latency\s+(\S+)\s+(\S+)\s+(\S+)", text)
    if m:
        r["latency_ms"].update(avg=_ms(m.group(1)), stdev=_ms(m.group(2)), max=_ms(m.group(3)))
    for q, v in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)$", text, re.M):
        r["latency_ms"][f"p{q}"] = _ms(v)
    if "--script--" in text:
        r["script"] = text.split("--script--", 1)[1].strip()
    if p.returncode != 0 or r["rps"] is None:
        raise BenchError(f"wrk failed (rc {p.returncode}): {' '.join(cmd)}\n{text[-2000:]}")
    return r


# ----------------------------------------------------------------------------------------------
# git

GIT_ENV = {
    "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    "GIT_TERMINAL_PROMPT": "0", "GIT_CONFIG_NOSYSTEM": "1",
}


def git_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_ENV)
    return env


def git(*args, cwd=None, timeout: float = 600, check: bool = True) -> subprocess.CompletedProcess:
    r = subprocess.run(["git", *args], cwd=cwd, env=git_env(), capture_output=True, text=True, timeout=timeout)
    if check and r.returncode != 0:
        raise BenchError(f"git {' '.join(args)} failed ({r.returncode}): {r.stderr.strip()[-2000:]}")
    return r


def init_repo(path: Path, files: dict[str, str]) -> None:
    path.mkdir(parents=True, exist_ok=True)
    git("init", "-q", "-b", "main", str(path))
    write_files(path, files)
    git("add", "-A", cwd=path)
    git("commit", "-q", "-m", "initial", cwd=path)


def write_files(path: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)


def commit_all(path: Path, message: str) -> None:
    git("add", "-A", cwd=path)
    git("commit", "-q", "-m", message, cwd=path)


_STAGE_HEADER = re.compile(r"^-----> (.*?)\s*$")
_DONE = re.compile(r"^\s+done in ([0-9.]+) s\s*$")
_LIVE = re.compile(r"is live on \S+ in ([0-9.]+) s")


class PushResult:
    def __init__(self, lines: list[tuple[float, str]], rc: int, elapsed: float):
        self.lines, self.rc, self.elapsed = lines, rc, elapsed

    def remote(self) -> list[tuple[float, str]]:
        out = []
        for t, l in self.lines:
            if l.startswith("remote: "):
                out.append((t, l[len("remote: "):].rstrip()))
        return out

    @property
    def failed(self) -> bool:
        return self.rc != 0 or any(l.startswith(" !") for _, l in self.remote()) or self.live_seconds is None

    @property
    def live_seconds(self) -> float | None:
        for _, l in self.remote():
            m = _LIVE.search(l)
            if m:
                return float(m.group(1))
        return None

    def stages(self) -> dict[str, float]:
        """'done in X s' per stage header (the server's own stage timing)."""
        out, header = {}, None
        for _, l in self.remote():
            m = _STAGE_HEADER.match(l)
            if m:
                header = m.group(1)
                continue
            m = _DONE.match(l)
            if m and header:
                out[header] = float(m.group(1))
        return out

    def first(self, prefix: str) -> float | None:
        """Client-side arrival time (s since push start) of the first remote line starting with '-----> PREFIX'."""
        for t, l in self.remote():
            if l.startswith("-----> " + prefix):
                return t
        return None

    def text(self) -> str:
        return "\n".join(f"{t:8.3f} {l}" for t, l in self.lines)


def timed_push(repo: Path, url: str, refspec: str = "main", timeout: float = 600, extra: tuple = ()) -> PushResult:
    """git push, every output line stamped with its arrival time (s since the push started)."""
    t0 = time.monotonic()
    p = subprocess.Popen(["git", "push", *extra, url, refspec], cwd=repo, env=git_env(),
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    on_exit(lambda: p.poll() is None and p.kill())
    lines: list[tuple[float, str]] = []

    def reader():
        buf = b""
        while True:
            chunk = p.stdout.read1(65536) if hasattr(p.stdout, "read1") else p.stdout.read(1)
            if not chunk:
                break
            buf += chunk
            while True:
                i = min([j for j in (buf.find(b"\n"), buf.find(b"\r")) if j >= 0], default=-1)
                if i < 0:
                    break
                line, buf = buf[:i], buf[i + 1:]
                if line.strip():
                    lines.append((time.monotonic() - t0, line.decode(errors="replace")))
        if buf.strip():
            lines.append((time.monotonic() - t0, buf.decode(errors="replace")))

    th = threading.Thread(target=reader, daemon=True)
    th.start()
    try:
        rc = p.wait(timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        th.join(5)
        raise BenchError(f"git push did not finish within {timeout} s:\n" + PushResult(lines, -1, timeout).text())
    elapsed = time.monotonic() - t0
    th.join(10)
    return PushResult(lines, rc, elapsed)


# ----------------------------------------------------------------------------------------------
# apps

def boot_floor(data: Path, app: str, runs: int, drop_env: tuple = ()) -> list[float]:
    """How fast the app's own start command answers GET / when started by hand from the stored
    release (same venv, same command, same env vars that matter), polled every 5 ms: the floor
    that the server's startup check could reach."""
    rel_root = data / "releases" / app
    tags = sorted(p for p in rel_root.iterdir() if (p / "release.json").is_file())
    manifest = json.loads((tags[-1] / "release.json").read_text())
    venv = Path(manifest["EnvDir"]) / "venv"
    appdir = tags[-1] / "src" / manifest["AppDir"]
    out = []
    for _ in range(runs):
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITDEPLOY_")) and k not in drop_env}
        env.update(LEANCLOUD_APP_PORT=str(port), LEANCLOUD_APP_HOST="127.0.0.1",
                   LEANCLOUD_AVAILABLE_CPUS=str(os.cpu_count() or 1), PYTHONUNBUFFERED="1",
                   VIRTUAL_ENV=str(venv), PATH=f"{venv}/bin:{os.environ['PATH']}")
        t0 = time.monotonic()
        p = subprocess.Popen(["/bin/sh", "-c", manifest["StartCommand"]], cwd=appdir, env=env,
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
        on_exit(lambda p=p: p.poll() is None and os.killpg(p.pid, signal.SIGKILL))
        try:
            ready = None
            while time.monotonic() - t0 < 30 and p.poll() is None:
                try:
                    c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                    try:
                        c.request("GET", "/")
                        if c.getresponse().status == 200:
                            ready = time.monotonic() - t0
                            break
                    finally:
                        c.close()
                except OSError:
                    pass
                time.sleep(0.005)
            if ready is None:
                raise BenchError(f"the start command did not answer within 30 s (exit {p.poll()})")
            out.append(ready)
        finally:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
                try:
                    p.wait(15)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)
                    p.wait(5)
    return out


# ----------------------------------------------------------------------------------------------
# reporting

def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fmt(x, digits=2, unit="") -> str:
    return "—" if x is None else f"{x:.{digits}f}{unit}"


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown table (readable in a terminal too)."""
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) for i, h in enumerate(headers)]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(headers), sep, *(line(r) for r in rows)])


def verdict(value, target, lower_is_better=True) -> str:
    if value is None:
        return "NOT MEASURED"
    ratio = value / target
    ok = value <= target if lower_is_better else value >= target
    return f"{'MET' if ok else 'MISSED'} ({ratio:.2f}× target)"


def save_json(name: str, data: dict) -> Path:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    p = OUT_DIR / f"{name}-{now_stamp()}.json"
    p.write_text(json.dumps(data, indent=2))
    return p


def main_wrapper(fn) -> None:
    try:
        code = fn()
    except BenchError as e:
        print(f"\nBENCHMARK COULD NOT RUN: {e}", file=sys.stderr, flush=True)
        code = 2
    sys.exit(code or 0)
