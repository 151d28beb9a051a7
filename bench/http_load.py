"""HTTP load with wrk: the stand-in's scenarios, the floor app and Prism, one load test at a time."""
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from bench.client import CUSTOMER_ID, Client, admin_token
from bench.servers import (
    BASELINE_APP,
    ROOT,
    BenchError,
    Server,
    free_port,
    instance_env,
    seed_instance,
    server_argv,
    tool,
)
from bench.wrk import run_wrk, wrk_path

HERE = Path(__file__).resolve().parent
PRISM_PACKAGE = "@stoplight/prism-cli@5.14.2"
CONTRACT = "contract/openapi.json"
DETAILS_PATH = f"/api/DEFAULT/customer/{CUSTOMER_ID}"
LIST_PATH = "/api/DEFAULT/admin/customer?firstName=Jo&sort=lastName&direction=asc&perPage=10"
REGISTER_PATH = "/api/DEFAULT/customer/register"
STATUS_PATH = f"/api/DEFAULT/customer/customer/{CUSTOMER_ID}/status"
CEILING_PATH = "/_dev/clock"  # every hook of the app, no token, no database: what the app costs around a view


@dataclass
class Scenario:
    """One request (or request generator) loaded with wrk."""

    name: str
    path: str
    method: str = "GET"
    script: Path | None = None
    check_body: dict | None = None  # the body of the hand-made request that must answer 200 first


STANDIN_SCENARIOS = [
    Scenario("details", DETAILS_PATH),
    Scenario("list", LIST_PATH),
    Scenario("status", STATUS_PATH),
    Scenario("ceiling", CEILING_PATH),
    Scenario(
        "register", REGISTER_PATH, method="POST", script=HERE / "register.lua",
        check_body={"customer": {"firstName": "Bench", "lastName": "User", "email": "bench-check@example.com",
                                 "agreement1": True}},
    ),
]


# The same GET with the control plane off (DEV_ENDPOINTS=0): no request log, faults or /_dev routes.
QUIET_DETAILS = Scenario("details, no control plane", DETAILS_PATH)


@dataclass
class LoadSettings:
    """How hard and how long each load test runs."""

    duration: float = 10
    warmup: float = 2
    connections: int = 16
    threads: int = 2
    workers: int = 2


@dataclass
class Row:
    """One measurement of the results table."""

    name: str
    server: str
    rps: float | None = None
    p50_ms: float | None = None
    p99_ms: float | None = None
    non_2xx: int | None = None
    notes: list = field(default_factory=list)
    detail: dict = field(default_factory=dict)

    def as_dict(self):
        """The row as a plain dict, notes joined."""
        return {
            "name": self.name, "server": self.server, "rps": self.rps, "p50_ms": self.p50_ms,
            "p99_ms": self.p99_ms, "non_2xx": self.non_2xx, "notes": "; ".join(self.notes), **self.detail,
        }


def check(port, scenario, headers):
    """Send the scenario's request once by hand; return a problem, or None when it answers as expected."""
    with Client(port, headers) as client:
        reply = client.request(scenario.method, scenario.path, body=scenario.check_body)
    if reply.status != 200:
        return f"check answered {reply.status}: {reply.body[:200]!r}"
    if scenario.name == "list" and not (reply.json() or {}).get("total"):
        return f"check found no customer: {reply.body[:200]!r}"
    return None


def load(port, scenario, headers, settings, server_name):
    """Warm up, then measure one scenario with wrk, returning its row."""
    row = Row(scenario.name, server_name)
    url = f"http://127.0.0.1:{port}{scenario.path}"
    common = dict(connections=settings.connections, threads=settings.threads, headers=headers, script=scenario.script)
    if settings.warmup > 0:
        run_wrk(url, duration=settings.warmup, script_args=_nonce(scenario), **common)
    result = run_wrk(url, duration=settings.duration, script_args=_nonce(scenario), **common)
    row.rps, row.p50_ms, row.p99_ms, row.non_2xx = result.rps, result.p50_ms, result.p99_ms, result.non_2xx
    row.detail = {"requests": result.requests, "p90_ms": result.p90_ms, "max_ms": result.max_ms,
                  "socket_errors": result.socket_errors}
    if result.socket_errors:
        row.notes.append(f"{result.socket_errors} socket errors/timeouts")
    if scenario.name == "register":
        row.notes.append(f"{result.requests} customers registered")
    return row


def _guarded_load(port, scenario, headers, settings, server_name):
    """load(), with a failure of wrk reported in the row instead of ending the server's measurements."""
    try:
        return load(port, scenario, headers, settings, server_name)
    except BenchError as error:
        return Row(scenario.name, server_name, notes=[f"failed: {error}"])


def _nonce(scenario):
    return (uuid.uuid4().hex[:12],) if scenario.script else ()


def run_standin(server_name, settings, log, scenarios=STANDIN_SCENARIOS, **env):
    """Serve the stand-in under `server_name` on a fresh instance, with `env` added to its environment,
    and load every scenario; also return the token."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-http-") as folder:
        instance = Path(folder) / "instance"
        seed_instance(instance)
        port = free_port()
        argv = server_argv(server_name, port, workers=settings.workers)
        with Server(server_name, argv, port, env=instance_env(instance, **env), log_path=Path(folder) / "server.log"):
            token = admin_token(port)
            headers = {"Authorization": f"Bearer {token}"}
            for scenario in scenarios:
                problem = check(port, scenario, headers)
                if problem:
                    rows.append(Row(scenario.name, server_name, notes=[f"not loaded: {problem}"]))
                    continue
                log(f"  {server_name} {scenario.name}")
                rows.append(_guarded_load(port, scenario, headers, settings, server_name))
    for row in rows:
        row.notes.insert(0, f"{settings.workers} workers")
    return rows, token


def run_floor(server_name, settings, headers, log):
    """Serve bench/baseline.py under `server_name` and load its details GET."""
    with tempfile.TemporaryDirectory(prefix="bench-floor-") as folder:
        port = free_port()
        argv = server_argv(server_name, port, app=BASELINE_APP, workers=settings.workers)
        env = instance_env(Path(folder) / "instance", BASELINE_DB=str(Path(folder) / "baseline.db"))
        with Server(f"{server_name} (floor)", argv, port, env=env, log_path=Path(folder) / "server.log"):
            scenario = Scenario("floor details", DETAILS_PATH)
            problem = check(port, scenario, headers)
            if problem:
                return Row(scenario.name, server_name, notes=[f"not loaded: {problem}"])
            log(f"  {server_name} floor details")
            row = _guarded_load(port, scenario, headers, settings, server_name)
    row.notes.insert(0, f"bare Flask + sqlite3, {settings.workers} workers")
    return row


def prism_command():
    """The npx command line running Prism 5.14.2, or None when npx is missing."""
    npx = shutil.which("npx")
    return [npx, "--yes", PRISM_PACKAGE] if npx else None


def prism_modes():
    """Prism's modes to measure ([] when Prism cannot run here) and a note saying why not, if so."""
    command = prism_command()
    if not command:
        return [], "npx not found: Prism skipped"
    try:
        result = subprocess.run([*command, "mock", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return [], f"npx {PRISM_PACKAGE} did not start within 120 s (offline without it in the npm cache?): skipped"
    if result.returncode:
        return [], f"npx {PRISM_PACKAGE} failed ({result.returncode}): {result.stderr.strip()[-300:]}; skipped"
    modes = [("default", [])]
    if "--multiprocess" in result.stdout:
        modes.append(("multiprocess", ["--multiprocess"]))
    return modes, None


def run_prism(mode, flags, settings, headers, log):
    """Serve the contract with Prism in `mode` and load the details GET."""
    with tempfile.TemporaryDirectory(prefix="bench-prism-") as folder:
        port = free_port()
        argv = [*prism_command(), "mock", "-p", str(port), "-h", "127.0.0.1", *flags, CONTRACT]
        with Server(f"prism {mode}", argv, port, log_path=Path(folder) / "prism.log", start_timeout=120):
            scenario = Scenario("details", DETAILS_PATH)
            problem = check(port, scenario, headers)
            log(f"  prism {mode} details")
            row = _guarded_load(port, scenario, headers, settings, f"prism {mode}")
    row.notes.insert(0, f"Prism 5.14.2 mock, {mode} mode")
    if problem:
        row.notes.append(problem)
    return row


def ratios(rows):
    """Stand-in details rps over the floor's (same server) and over Prism's."""
    details = {row.server: row.rps for row in rows if row.name == "details" and row.rps}
    quiet = {row.server: row.rps for row in rows if row.name == QUIET_DETAILS.name and row.rps}
    floor = {row.server: row.rps for row in rows if row.name == "floor details" and row.rps}
    found = []
    for server, rps in quiet.items():
        if server in floor:
            found.append({"name": f"stand-in without control plane / floor ({server})",
                          "value": round(rps / floor[server], 3),
                          "notes": f"details rps {rps} / floor rps {floor[server]}"})
    for server, rps in details.items():
        if server.startswith("prism"):
            continue
        if server in floor:
            found.append({"name": f"stand-in / floor ({server})", "value": round(rps / floor[server], 3),
                          "notes": f"details rps {rps} / floor rps {floor[server]}"})
        for prism in ("prism default", "prism multiprocess"):
            if prism in details:
                found.append({"name": f"stand-in ({server}) / {prism}", "value": round(rps / details[prism], 3),
                              "notes": f"details rps {rps} / Prism rps {details[prism]}"})
    return found


def _server_rows(servers, settings, log):
    """The stand-in and the floor under each server; also the last admin token obtained."""
    rows, skipped, token = [], [], "bench"
    for server_name in servers:
        if not tool(server_name):
            skipped.append(f"{server_name} is not installed in the virtual environment: skipped")
            continue
        for name, scenarios, env in (("details", STANDIN_SCENARIOS, {}),
                                     (QUIET_DETAILS.name, [QUIET_DETAILS], {"DEV_ENDPOINTS": "0"})):
            try:
                server_rows, token = run_standin(server_name, settings, log, scenarios, **env)
                rows += server_rows
            except BenchError as error:
                rows.append(Row(name, server_name, notes=[f"failed: {error}"]))
        try:
            rows.append(run_floor(server_name, settings, {"Authorization": f"Bearer {token}"}, log))
        except BenchError as error:
            rows.append(Row("floor details", server_name, notes=[f"failed: {error}"]))
    return rows, skipped, token


def _prism_rows(settings, token, log):
    """Prism in each mode it offers, with the stand-in's token in the header."""
    rows = []
    modes, note = prism_modes()
    for mode, flags in modes:
        try:
            rows.append(run_prism(mode, flags, settings, {"Authorization": f"Bearer {token}"}, log))
        except BenchError as error:
            rows.append(Row("details", f"prism {mode}", notes=[f"failed: {error}"]))
    return rows, [note] if note else []


def run_http(servers, settings, *, prism=True, log=print):
    """Every load test, one after another; returns the rows, the ratios and notes on what was skipped."""
    if not wrk_path():
        return [], [], ["wrk is not installed (Debian: apt-get install wrk): HTTP load skipped"]
    rows, skipped, token = _server_rows(servers, settings, log)
    if prism:
        prism_rows, prism_skipped = _prism_rows(settings, token, log)
        rows += prism_rows
        skipped += prism_skipped
    return rows, ratios(rows), skipped
