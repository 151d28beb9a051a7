"""A real gunicorn server of the app in a subprocess, and a counting HTTP client for it."""
import os
import re
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")
READY_PATH = "/api/DEFAULT/customer/check?emailOrPhone=0"
LOCKED = "database is locked"
TIMEOUT = 30
INHERITED_SETTINGS = ("CLOCK", "CLOCK_OFFSET", "JWT_PRIVATE_KEY_PATH", "JWT_PUBLIC_KEY_PATH", "MASTER_API_KEY")
CONFIG = "python:openloyalty_standin.app.serving"  # the settings of make run


def server_env(instance, database):
    """The environment of the server and its CLI: this instance folder and database (a SQLite
    file, or a URL), cheap password hashes."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("OL_") and key not in INHERITED_SETTINGS
    }
    env.update(
        OL_INSTANCE_PATH=str(instance),
        DATABASE_URL=database if "://" in str(database) else f"sqlite:///{database}",
        DEV_ENDPOINTS="1",
        OL_PASSWORD_HASH_METHOD="pbkdf2:sha256:1000",
    )
    return env


def _live_members(group):
    """Ids of the processes of `group` that have not exited (zombies excluded)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, _parent, process_group = stat[stat.rindex(")") + 2:].split()[:3]
        if int(process_group) == group and state not in "ZX":
            members.append(int(entry.name))
    return members


class Server:
    """gunicorn serving the app with `workers` workers on a free port, over `folder`/instance and
    its SQLite file, or over the database of `database_url`."""

    def __init__(self, folder, workers=2, database_url=None):
        self.folder = Path(folder)
        self.instance = self.folder / "instance"
        self.instance.mkdir(parents=True, exist_ok=True)
        self.database = database_url or self.instance / "openloyalty.db"
        self.workers = workers
        self.env = server_env(self.instance, self.database)
        self.process = None
        self.url = None
        self.log = None
        self.starts = 0

    def seed(self, reset=False):
        """Run `flask --app wsgi seed` (with --reset when asked) on this server's database."""
        command = [sys.executable, "-m", "flask", "--app", "wsgi", "seed"] + (["--reset"] if reset else [])
        subprocess.run(command, cwd=ROOT, env=self.env, check=True, capture_output=True, timeout=120)

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None

    def start(self, timeout=60):
        """Start gunicorn in a new process group and wait until it answers."""
        assert not self.running, "the server is already running"
        self.starts += 1
        self.log = self.folder / f"gunicorn-{self.starts}.log"
        command = [
            sys.executable, "-m", "gunicorn", "--config", CONFIG, "--workers", str(self.workers),
            "--bind", "127.0.0.1:0", "wsgi:app",
        ]
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        try:
            self.url = f"http://127.0.0.1:{self._port(deadline)}"
            self._wait_answering(deadline)
        except BaseException:
            self.kill()
            raise
        return self

    def _check_alive(self, deadline):
        if not self.running:
            raise RuntimeError(f"gunicorn exited:\n{self.log.read_text()}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn did not start in time:\n{self.log.read_text()}")

    def _port(self, deadline):
        while True:
            found = LISTENING.search(self.log.read_text())
            if found:
                return int(found.group(1))
            self._check_alive(deadline)
            time.sleep(0.02)

    def _wait_answering(self, deadline):
        while True:
            try:
                if requests.get(self.url + READY_PATH, timeout=TIMEOUT).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            self._check_alive(deadline)
            time.sleep(0.05)

    def stop(self, timeout=30):
        """Stop gracefully (SIGTERM to the master); SIGKILL the group if that takes too long."""
        if not self.running:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
        else:
            self._wait_group_gone()

    def kill(self):
        """SIGKILL the master and every worker at once, and wait until none is left."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        self._wait_group_gone()

    def _wait_group_gone(self, timeout=30):
        deadline = time.monotonic() + timeout
        while _live_members(self.process.pid):
            if time.monotonic() > deadline:
                raise RuntimeError(f"processes of group {self.process.pid} outlived SIGKILL")
            time.sleep(0.02)


class Api:
    """HTTP calls to a server, counted: requests sent, unanswered, in flight, and every 5xx or lock error."""

    def __init__(self, server):
        self.server = server
        self._lock = threading.Lock()
        self.sent = 0
        self.unanswered = 0
        self.in_flight = 0
        self.server_errors = []
        self.lock_errors = []

    @property
    def failures(self):
        return self.server_errors + self.lock_errors

    def request(self, method, path, token=None, **kwargs):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        with self._lock:
            self.sent += 1
            self.in_flight += 1
        try:
            response = requests.request(method, self.server.url + path, headers=headers, timeout=TIMEOUT, **kwargs)
        except requests.RequestException:
            with self._lock:
                self.unanswered += 1
            raise
        finally:
            with self._lock:
                self.in_flight -= 1
        summary = f"{method} {path} -> {response.status_code} {response.text[:300]}"
        with self._lock:
            if response.status_code >= 500:
                self.server_errors.append(summary)
            if LOCKED in response.text.lower():
                self.lock_errors.append(summary)
        return response

    def admin_token(self):
        response = self.request("POST", "/api/admin/login_check", json={"_username": "admin", "_password": "open"})
        assert response.status_code == 200, response.text
        return response.json()["token"]

    def report(self, label, **figures):
        """Print the counts (shown by pytest -s)."""
        extra = "".join(f" {key}={value}" for key, value in figures.items())
        print(
            f"\n[reliability] {label}: requests={self.sent} 5xx={len(self.server_errors)} "
            f"locked={len(self.lock_errors)} unanswered={self.unanswered}{extra}"
        )


def customer_form(email, **fields):
    """The form fields of an admin registration."""
    form = {
        "customer[firstName]": "Reli",
        "customer[lastName]": "Able",
        "customer[email]": email,
        "customer[agreement1]": "1",
    }
    form.update({f"customer[{key}]": value for key, value in fields.items()})
    return form


def race(count, call):
    """Run call(0) ... call(count - 1) in `count` threads released together; return the results in order."""
    barrier = threading.Barrier(count)

    def run(index):
        barrier.wait(timeout=TIMEOUT)
        return call(index)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def fan_out(items, call, workers=8):
    """Apply `call` to every item from a few threads; return the results in order."""
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(call, items))
