"""GitDeploy's entrypoint of an instance in a Swarm task (Python 3.6+, standard library only).

Docker's init (the service runs with --init) is PID 1 and forwards SIGTERM to this script, which:
- starts the release's start command (/bin/sh -c) in its own process group, on port
  GITDEPLOY_PORT_BASE + the task's slot, with the instance's variables (PORT, LEANCLOUD_APP_PORT,
  LEANCLOUD_APP_INSTANCE) and without GitDeploy's own (GITDEPLOY_*);
- runs the startup check inside the task (the ping, then /, or healthCheckPath): once it passes,
  Docker's health check (`run.py --healthy`) reports healthy, so Swarm counts the task as running
  and a start-first update stops the old task only then; if it never passes, the task fails and
  Swarm rolls the update back;
- keeps checking every health interval; after that many failures in a row the task turns
  unhealthy and Swarm replaces it;
- on SIGTERM drains: the app keeps serving for at least the minimum drain and until GitDeploy's
  router has closed its connections (none ESTABLISHED to the port), at most the drain period;
  then SIGTERM to the app's group, SIGKILL after the grace period.
"""
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

STATE = "/gitdeploy/state"
HEALTHY = STATE + "/healthy"


def say(text):
    print("gitdeploy: " + text, file=sys.stderr, flush=True)


def probe(port, paths, timeout):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    said = []
    for path in paths:
        try:
            with opener.open("http://127.0.0.1:%d%s" % (port, path), timeout=timeout) as r:
                if 200 <= r.status < 300:
                    return True, ""
                said.append("GET %s answered %d" % (path, r.status))
        except urllib.error.HTTPError as e:
            said.append("GET %s answered %d" % (path, e.code))
        except Exception as e:  # refused, reset, timed out: the app is not answering yet
            said.append("GET %s got no answer (%s)" % (path, getattr(e, "reason", e)))
    return False, "; ".join(said)


def established(port):
    """Connections to the app's port (from the router); host networking: the node's table."""
    n = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    if fields[3] == "01" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                        n += 1
        except (OSError, StopIteration, ValueError, IndexError):
            pass
    return n


def healthy(on):
    if on:
        open(HEALTHY, "w").close()
    elif os.path.exists(HEALTHY):
        os.remove(HEALTHY)


def stop(app, grace):
    try:
        os.killpg(app.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while app.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if app.poll() is None:
        say("the app did not stop within %g s of SIGTERM: SIGKILL" % grace)
        try:
            os.killpg(app.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        app.wait()


def code_of(app):
    return app.returncode if app.returncode >= 0 else 128 - app.returncode


def main():
    if sys.argv[1:] == ["--healthy"]:
        sys.exit(0 if os.path.exists(HEALTHY) else 1)
    env = os.environ
    slot = int(env.get("GITDEPLOY_SLOT") or "1")
    port = int(env["GITDEPLOY_PORT_BASE"]) + slot
    paths = env.get("GITDEPLOY_CHECK_PATHS", "/").split()
    startup = float(env.get("GITDEPLOY_STARTUP_TIMEOUT", "60"))
    interval, timeout, failures = (float(x) for x in env.get("GITDEPLOY_HEALTH", "10 5 3").split())
    min_drain, max_drain = (float(x) for x in env.get("GITDEPLOY_DRAIN", "2 30").split())
    grace = float(env.get("GITDEPLOY_GRACE", "10"))
    child = {k: v for k, v in env.items() if not k.startswith("GITDEPLOY_")}
    child.update(PORT=str(port), LEANCLOUD_APP_PORT=str(port), LC_APP_PORT=str(port),
                 LEANCLOUD_APP_INSTANCE="web%d" % slot)
    for d in (STATE, env.get("HOME"), env.get("TMPDIR")):
        if d:
            os.makedirs(d, exist_ok=True)
    healthy(False)
    stopping = []
    for s in (signal.SIGTERM, signal.SIGINT):
        signal.signal(s, lambda *_: stopping.append(time.monotonic()))
    app = subprocess.Popen(["/bin/sh", "-c", env["GITDEPLOY_START"]], env=child, start_new_session=True)
    begun = time.monotonic()
    ready, failed, next_check = False, 0, 0.0
    while not stopping:
        if app.poll() is not None:
            say("the app exited (%s)" % ("code %d" % app.returncode if app.returncode >= 0
                                          else "signal %d" % -app.returncode))
            sys.exit(code_of(app))
        now = time.monotonic()
        if not ready:
            ok, why = probe(port, paths, 5)
            if ok:
                ready, next_check = True, now + interval
                healthy(True)
            elif now - begun > startup:
                say("the startup check did not pass within %g s: %s" % (startup, why))
                stop(app, grace)
                sys.exit(1)
            else:
                time.sleep(0.02 if now - begun < 3 else 0.25)
            continue
        if now >= next_check:
            ok, why = probe(port, paths, timeout)
            next_check = now + interval
            if ok:
                failed = 0
                healthy(True)
            else:
                failed += 1
                say("health check failed (%d/%d): %s" % (failed, failures, why))
                if failed >= failures:
                    healthy(False)
        time.sleep(0.2)
    began = stopping[0]
    while app.poll() is None:
        waited = time.monotonic() - began
        if waited >= max_drain or (waited >= min_drain and established(port) == 0):
            break
        time.sleep(0.1)
    stop(app, grace)
    sys.exit(code_of(app))


if __name__ == "__main__":
    main()
