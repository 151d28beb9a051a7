"""Starting and stopping the servers under test: free ports, process groups, readiness checks."""
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
STANDIN_APP = "wsgi:app"
BASELINE_APP = "bench.baseline:app"
# Settings a developer's shell may carry that would point the app away from its temporary instance folder.
FOREIGN_SETTINGS = ("DATABASE_URL", "JWT_PRIVATE_KEY_PATH", "JWT_PUBLIC_KEY_PATH", "CLOCK", "CLOCK_OFFSET")


class BenchError(Exception):
    """A step of the benchmark could not run; the message says why."""


def free_port():
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def tool(name):
    """Return the path of an executable of the project's virtual environment, or None."""
    path = BIN / name
    return str(path) if path.exists() else None


def instance_env(instance, **extra):
    """The environment for the app with its instance folder at `instance`, free of outside overrides."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("OL_") and key not in FOREIGN_SETTINGS
    }
    env["OL_INSTANCE_PATH"] = str(instance)
    env.update(extra)
    return env


def seed_instance(instance, *options, timeout=300, **extra):
    """Run `flask --app wsgi seed [options]` on the instance folder (its environment plus `extra`), as
    `make run` does before serving; return the wall-clock seconds it took."""
    command = " ".join(["flask --app wsgi seed", *options])
    start = time.perf_counter()
    result = subprocess.run(
        [tool("flask") or "flask", "--app", "wsgi", "seed", *options],
        cwd=ROOT, env=instance_env(instance, **extra), capture_output=True, text=True, timeout=timeout,
    )
    seconds = time.perf_counter() - start
    if result.returncode:
        raise BenchError(f"{command} failed ({result.returncode}): {(result.stderr or result.stdout).strip()[-2000:]}")
    return seconds


def server_argv(server, port, app=STANDIN_APP, workers=2):
    """The command line serving the WSGI `app` under `server` ("gunicorn" or "granian")."""
    if server == "gunicorn":
        return [tool("gunicorn") or "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{port}", app]
    if server == "granian":
        return [
            tool("granian") or "granian", "--interface", "wsgi", "--workers", str(workers),
            "--host", "127.0.0.1", "--port", str(port), app,
        ]
    raise BenchError(f"unknown server {server!r}: choose gunicorn or granian")


class Server:
    """A server process in its own process group: started and awaited on enter, stopped on exit."""

    def __init__(self, name, argv, port, *, env=None, log_path, ready_path="/", start_timeout=90, cwd=ROOT):
        self.name = name
        self.cwd = cwd
        self.argv = [str(part) for part in argv]
        self.port = port
        self.env = env
        self.log_path = Path(log_path)
        self.ready_path = ready_path
        self.start_timeout = start_timeout
        self.process = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def start(self):
        """Start the process and wait until it answers HTTP."""
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                self.argv, cwd=self.cwd, env=self.env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self):
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"{self.name} exited with {self.process.returncode} at start:\n{self.log_tail()}")
            if self._answers():
                return
            time.sleep(0.2)
        raise BenchError(f"{self.name} did not answer within {self.start_timeout} s:\n{self.log_tail()}")

    def _answers(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            connection.request("GET", self.ready_path)
            connection.getresponse().read()
            return True
        except OSError:
            return False
        finally:
            connection.close()

    def stop(self):
        """SIGTERM the process group, SIGKILL it if it lingers, and reap the leader."""
        if self.process is None:
            return
        group = self.process.pid
        _signal_group(group, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            _signal_group(group, signal.SIGKILL)
            self.process.wait(timeout=10)
        _signal_group(group, signal.SIGKILL)  # any child the leader left behind
        self.process = None

    def log_tail(self, lines=30):
        """The last lines the server wrote."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    @property
    def pid(self):
        """The process id of the group leader (gunicorn's master, granian's main process)."""
        return self.process.pid if self.process else None


def _signal_group(group, signum):
    try:
        os.killpg(group, signum)
    except (ProcessLookupError, PermissionError):
        pass


def children(pid):
    """The process ids whose parent is `pid`."""
    try:
        return [int(part) for part in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
        return found


def resident_kib(pid):
    """VmRSS of the process in KiB, or None once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None
