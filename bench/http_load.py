"""HTTP load with wrk, one load test at a time: the stand-in, the floor (bench/baseline.py) and the peers
(Prism, json-server) on the same three requests; the stand-in's details GET over one connection and in a
sandbox; and a few more of the stand-in's own measurements."""
import http.client
import tempfile
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from bench import peers
from bench.client import CUSTOMER_ID, Client, admin_token
from bench.servers import (
    BASELINE_APP,
    BenchError,
    Server,
    free_port,
    instance_env,
    seed_instance,
    server_argv,
    tool,
)
from bench.wrk import combined, run_wrk, wrk_path

HERE = Path(__file__).resolve().parent
REGISTER_GET = HERE / "register_get.lua"
CUSTOMER_PATH = "/api/DEFAULT/customer/{id}"
DETAILS_PATH = CUSTOMER_PATH.replace("{id}", CUSTOMER_ID)
LIST_PATH = "/api/DEFAULT/admin/customer?page=1&perPage=10"
REGISTER_PATH = "/api/DEFAULT/customer/register"
STATUS_PATH = f"/api/DEFAULT/customer/customer/{CUSTOMER_ID}/status"
CEILING_PATH = "/_dev/clock"  # every hook of the app around a view, no token, no customer read
SANDBOX = "/sandbox/bench"
PEERS = ("prism", "prism -m", "json-server", "floor")  # the tools the stand-in's rps is divided by
SANDBOX_GOAL = 0.95  # a sandbox's details GET should keep at least this share of the default world's rps


def label(tool_name, server=None):
    """A tool as the tables name it: with its server when it has one."""
    return f"{tool_name} ({server})" if server else tool_name


@dataclass(frozen=True)
class Api:
    """Where one tool answers the compared requests."""

    customer: str  # a customer's path, {id} standing for its id
    list: str  # the first page of 10 customers
    register: str  # where a registration is POSTed
    register_body: str  # its JSON body, {email} standing for a new address
    id_field: str  # the field of the registration's answer holding the new customer's id

    def scenarios(self):
        """The three compared requests: details, list, register + get."""
        return [
            Scenario("details", self.customer.replace("{id}", CUSTOMER_ID)),
            Scenario("list", self.list, expects="customers"),
            Scenario("register + get", self.register, api=self),
        ]


STANDIN_API = Api(CUSTOMER_PATH, LIST_PATH, REGISTER_PATH,
                  '{"customer": {"firstName": "Bench", "lastName": "User", "email": "{email}", "agreement1": true}}',
                  "customerId")
JSON_SERVER_API = Api("/customers/{id}", "/customers?_page=1&_limit=10", "/customers",
                      '{"firstName": "Bench", "lastName": "User", "email": "{email}", "agreement1": true}', "id")


@dataclass(frozen=True)
class Scenario:
    """One load test: a GET loaded as is, or with `api` the register-and-get loop of register_get.lua."""

    name: str
    path: str
    group: str = "compare"  # the table it goes to: compare, latency, sandbox or extra
    expects: str = "2xx"  # what the request sent once by hand must answer: 2xx, or customers (a 2xx listing some)
    api: Api | None = None
    world: str = ""  # "" for the default world, else the sandbox's prefix
    single: bool = False  # one connection on one thread instead of the settings'

    @property
    def script_args(self):
        """The loop's arguments after the nonce, or () for a plain GET."""
        if not self.api:
            return ()
        return (self.api.register, self.api.register_body, self.api.customer, self.api.id_field)


# The details GET in the default world and in a sandbox, loaded in turns.
SANDBOX_PAIR = (Scenario("details, default world", DETAILS_PATH, group="sandbox"),
                Scenario("details, sandbox", DETAILS_PATH, group="sandbox", world=SANDBOX))
LATENCY_DETAILS = Scenario("details, 1 connection", DETAILS_PATH, group="latency", single=True)
DETAILS, LIST, REGISTER = STANDIN_API.scenarios()
# Writes last, so the reads before them see the seeded database.
STANDIN_SCENARIOS = [DETAILS, SANDBOX_PAIR, LATENCY_DETAILS, LIST, Scenario("status", STATUS_PATH, group="extra"),
                     Scenario("ceiling", CEILING_PATH, group="extra"), REGISTER]
# The details GET with the control plane off (DEV_ENDPOINTS=0): no request log, faults or /_dev routes.
QUIET_SCENARIOS = [Scenario("details, no control plane", DETAILS_PATH, group="extra")]


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
    """One load test's figures, or notes saying why it has none."""

    request: str
    tool: str  # stand-in, floor, prism, prism -m or json-server
    server: str | None = None  # gunicorn or granian, for the stand-in and the floor
    group: str = "compare"
    rps: float | None = None
    p50_ms: float | None = None
    p99_ms: float | None = None
    non_2xx: int | None = None
    notes: list = field(default_factory=list)
    detail: dict = field(default_factory=dict)

    @property
    def label(self):
        """The tool, with its server when it has one."""
        return label(self.tool, self.server)

    def as_dict(self):
        """The row as a plain dict, notes joined."""
        return {
            "request": self.request, "tool": self.tool, "server": self.server, "group": self.group, "rps": self.rps,
            "p50_ms": self.p50_ms, "p99_ms": self.p99_ms, "non_2xx": self.non_2xx, "notes": "; ".join(self.notes),
            **self.detail,
        }


@dataclass
class Session:
    """One tool served once, and the scenarios loaded against it one after another."""

    tool: str
    server: str | None
    serve: object  # serve(settings, folder): a context manager yielding the port it listens on
    scenarios: list
    login: object = None  # login(port): the headers of each world; else the headers the run hands over
    required: bool = True  # a start that fails is a problem (the stand-in, the floor), else a note (peers)

    @property
    def label(self):
        """The tool, with its server when it has one."""
        return label(self.tool, self.server)


@dataclass
class HttpResults:
    """Everything the HTTP stage found."""

    rows: list = field(default_factory=list)
    ratios: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    problems: list = field(default_factory=list)


def _status_problem(what, reply):
    """None for a 2xx answer, else a line saying what answered what."""
    if 200 <= reply.status < 300:
        return None
    return f"{what} answered {reply.status}: {reply.body[:200]!r}"


def _id_of(reply, id_field):
    """The string in the answer's `id_field`, or None."""
    found = reply.json()
    value = found.get(id_field) if isinstance(found, dict) else None
    return value if isinstance(value, str) and value else None


def probe_register(client, api):
    """Register a customer by hand and GET it by the id answered; return a problem, or None."""
    body = api.register_body.replace("{email}", f"bench-check-{uuid.uuid4().hex[:12]}@example.com")
    reply = client.request("POST", api.register, body=body.encode(), headers={"Content-Type": "application/json"})
    customer = _id_of(reply, api.id_field)
    problem = _status_problem(f"POST {api.register}", reply)
    if problem or not customer:
        return problem or f"POST {api.register} answered no {api.id_field}: {reply.body[:200]!r}"
    path = api.customer.replace("{id}", customer)
    reply = client.get(path)
    if _id_of(reply, api.id_field) != customer:
        return _status_problem(f"GET {path}", reply) or f"GET {path} answered another {api.id_field}"
    return None


def probe(port, scenario, headers):
    """Send the scenario's request once by hand; return a problem, or None when it answers as expected."""
    with Client(port, headers) as client:
        if scenario.api:
            return probe_register(client, scenario.api)
        path = scenario.world + scenario.path
        reply = client.get(path)
    problem = _status_problem(f"GET {path}", reply)
    if problem or scenario.expects != "customers":
        return problem
    found = reply.json()
    customers = found.get("customers") if isinstance(found, dict) else found
    return None if customers else f"GET {path} found no customer: {reply.body[:200]!r}"


def _wrk(port, scenario, headers, settings, seconds):
    """One wrk run of the scenario for `seconds`."""
    single = scenario.single
    return run_wrk(f"http://127.0.0.1:{port}{scenario.world}{scenario.path}", duration=seconds,
                   connections=1 if single else settings.connections, threads=1 if single else settings.threads,
                   headers=headers, script=REGISTER_GET if scenario.api else None, script_args=_arguments(scenario))


def _arguments(scenario):
    """A fresh nonce (keeping each run's e-mail addresses apart from the others'), then the loop's arguments."""
    return (uuid.uuid4().hex[:12], *scenario.script_args) if scenario.api else ()


def fill(row, scenario, result, settings):
    """Put one scenario's figures into its row."""
    row.rps, row.p50_ms, row.p99_ms, row.non_2xx = result.rps, result.p50_ms, result.p99_ms, result.non_2xx
    row.detail = {"requests": result.requests, "seconds": result.seconds, "p90_ms": result.p90_ms,
                  "max_ms": result.max_ms, "socket_errors": result.socket_errors,
                  "connections": 1 if scenario.single else settings.connections}
    if result.socket_errors:
        row.notes.append(f"{result.socket_errors} socket errors/timeouts")
    if scenario.api:
        row.detail.update(posted=result.posted, fetched=result.fetched)
        row.notes.append(f"{result.posted:,} registered, {result.fetched:,} fetched")


def load(port, scenarios, worlds, settings):
    """Warm each scenario up, then measure: one alone for the whole duration; two in turns A B B A of half the
    duration each, so that a change in the machine's load weighs on both alike. Return each one's summary."""
    for scenario in scenarios if settings.warmup > 0 else ():
        _wrk(port, scenario, worlds[scenario.world], settings, settings.warmup)
    turns = scenarios + scenarios[::-1] if len(scenarios) > 1 else scenarios
    seconds = settings.duration if len(turns) == 1 else max(1, round(settings.duration / 2))
    results = {scenario: [] for scenario in scenarios}
    for scenario in turns:
        results[scenario].append(_wrk(port, scenario, worlds[scenario.world], settings, seconds))
    return [combined(results[scenario]) for scenario in scenarios]


def _check(port, scenario, headers):
    """probe(), with a connection that fails said as a problem."""
    try:
        return probe(port, scenario, headers)
    except (OSError, http.client.HTTPException) as error:
        return f"{type(error).__name__}: {error}"


def measure(port, scenarios, worlds, settings, session, log):
    """Check each of the scenarios loaded together (one, or two in turns), then load them; a check that fails,
    or wrk failing, is said in the rows."""
    rows = [Row(scenario.name, session.tool, session.server, scenario.group) for scenario in scenarios]
    problems = [_check(port, scenario, worlds[scenario.world]) for scenario in scenarios]
    if any(problems):
        for row, problem in zip(rows, problems):
            row.notes.append(f"not loaded: {problem or 'the request measured beside it failed its check'}")
        return rows
    log(f"  {session.label}: {' / '.join(scenario.name for scenario in scenarios)}")
    try:
        for row, scenario, result in zip(rows, scenarios, load(port, scenarios, worlds, settings)):
            fill(row, scenario, result, settings)
    except BenchError as error:
        for row in rows:
            row.notes.append(f"failed: {error}")
    return rows


def run_session(session, settings, headers, log):
    """Serve the session's tool in a temporary folder and load each of its scenarios (a tuple: loaded in
    turns); return the rows and the default world's headers."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-http-") as folder, session.serve(settings, Path(folder)) as port:
        worlds = session.login(port) if session.login else {"": headers}
        for item in session.scenarios:
            rows += measure(port, item if isinstance(item, tuple) else (item,), worlds, settings, session, log)
    return rows, worlds[""]


def bearer(token):
    """The Authorization header carrying `token`."""
    return {"Authorization": f"Bearer {token}"}


def standin_login(port, sandbox=True):
    """The seeded admin's headers in the default world and, with `sandbox`, in the sandbox SANDBOX (made by
    its first request, /health); a token is valid only in the world that issued it."""
    worlds = {"": bearer(admin_token(port))}
    if sandbox:
        with Client(port) as client:
            problem = _status_problem(f"GET {SANDBOX}/health", client.get(f"{SANDBOX}/health"))
        if problem:
            raise BenchError(problem)
        worlds[SANDBOX] = bearer(admin_token(port, SANDBOX))
    return worlds


@contextmanager
def serve_standin(server_name, env, settings, folder):
    """The stand-in under `server_name` on a freshly seeded instance folder, `env` added to its environment."""
    instance = folder / "instance"
    seed_instance(instance)
    port = free_port()
    argv = server_argv(server_name, port, workers=settings.workers)
    with Server(f"stand-in ({server_name})", argv, port, env=instance_env(instance, **env),
                log_path=folder / "server.log"):
        yield port


@contextmanager
def serve_floor(server_name, settings, folder):
    """bench/baseline.py under `server_name`, its database filled with the seed's customers."""
    port = free_port()
    argv = server_argv(server_name, port, app=BASELINE_APP, workers=settings.workers)
    env = instance_env(folder / "instance", BASELINE_DB=str(folder / "baseline.db"),
                       BASELINE_SEED=str(peers.write_seed(folder / "seed.json")))
    with Server(f"floor ({server_name})", argv, port, env=env, log_path=folder / "server.log"):
        yield port


@contextmanager
def serve_prism(flags, settings, folder):
    """Prism mocking the contract, with `flags`."""
    port = free_port()
    with Server("prism", peers.prism_argv(port, flags), port, log_path=folder / "prism.log", start_timeout=120):
        yield port


@contextmanager
def serve_json_server(settings, folder):
    """json-server on a db.json of the seed's customers, in the temporary folder."""
    port = free_port()
    database = peers.write_seed(folder / "db.json")
    with Server("json-server", peers.json_server_argv(port, database), port, log_path=folder / "json-server.log",
                start_timeout=120, cwd=folder):
        yield port


def server_sessions(server_name):
    """The stand-in (also with the control plane off) and the floor under one server."""
    return [
        Session("stand-in", server_name, partial(serve_standin, server_name, {}), STANDIN_SCENARIOS,
                login=standin_login),
        Session("stand-in", server_name, partial(serve_standin, server_name, {"DEV_ENDPOINTS": "0"}),
                QUIET_SCENARIOS, login=partial(standin_login, sandbox=False)),
        Session("floor", server_name, partial(serve_floor, server_name), STANDIN_API.scenarios()),
    ]


def peer_sessions(prism=True, json_server=True):
    """Prism in each mode it offers (the default one also over one connection) and json-server, those that can
    run here; and a line for each that cannot."""
    sessions, skipped = [], []
    if prism:
        modes, note = peers.prism_modes()
        skipped += [note] if note else []
        for name, flags in modes:
            scenarios = [DETAILS, LIST, REGISTER] if flags else [DETAILS, LATENCY_DETAILS, LIST, REGISTER]
            sessions.append(Session(name, None, partial(serve_prism, flags), scenarios, required=False))
    if json_server:
        version, note = peers.npx_probe(peers.JSON_SERVER_PACKAGE, "--version")
        if version is None:
            skipped.append(note)
        else:
            sessions.append(Session("json-server", None, serve_json_server, JSON_SERVER_API.scenarios(),
                                    required=False))
    return sessions, skipped


def _one_line(error):
    """An error's first line with the last line of what follows it (a server's log tail), on one line."""
    first, _, rest = str(error).partition("\n")
    last = next((line.strip() for line in reversed(rest.splitlines()) if line.strip()), "")
    return f"{first} {last}".strip()


def run_sessions(sessions, settings, found, log):
    """Run each session in turn into `found`; a tool that cannot start is skipped with a line saying why."""
    headers = bearer("bench")
    for session in sessions:
        try:
            rows, headers = run_session(session, settings, headers, log)
        except BenchError as error:
            if session.required:
                found.problems.append(f"{session.label} could not start: {_one_line(error)}")
            else:
                found.skipped.append(f"{session.label} could not start, skipped: {_one_line(error)}")
            continue
        found.rows += rows


def run_http(servers, settings, *, prism=True, json_server=True, log=print):
    """Every load test, one after another; the rows, the ratios and lines on what was skipped or failed."""
    found = HttpResults()
    if not wrk_path():
        found.skipped.append("wrk is not installed (Debian: apt-get install wrk): HTTP load skipped")
        return found
    sessions = []
    for server_name in servers:
        if tool(server_name):
            sessions += server_sessions(server_name)
        else:
            found.skipped.append(f"{server_name} is not installed in the virtual environment: skipped")
    extra, skipped = peer_sessions(prism, json_server)
    found.skipped += skipped
    run_sessions(sessions + extra, settings, found, log)
    found.ratios = ratios(found.rows)
    return found


def _ratio(group, request, server, peer, value, measure="rps"):
    """One entry of the ratios."""
    return {"group": group, "request": request, "server": server, "peer": peer, "measure": measure,
            "value": round(value, 3)}


def ratios(rows):
    """The stand-in's figures against the others':
    compare: its rps ÷ each peer's for the same request (the floor's under the same server);
    latency: Prism's p50 and p99 over one connection ÷ the stand-in's (above 1: the stand-in answers sooner);
    sandbox: its details rps in a sandbox ÷ in the default world;
    extra: each extra measurement's rps ÷ the floor's details rps under the same server."""
    index = {(row.group, row.request, row.tool, row.server): row for row in rows if row.rps}
    found = []
    for row in rows:
        if row.tool != "stand-in" or not row.rps:
            continue
        for group, request, peer, other, measures in _counterparts(row):
            match = index.get((group, request, other, row.server if other in ("stand-in", "floor") else None))
            for measure in (measures if match else ()):
                mine, theirs = getattr(row, measure), getattr(match, measure)
                value = theirs / mine if measure != "rps" else mine / theirs
                if value and mine:
                    found.append(_ratio(row.group, row.request, row.server, peer, value, measure.split("_")[0]))
    return found


def _counterparts(row):
    """For one stand-in row: (group, request, peer label, peer tool, figures compared) of each row it is set
    against."""
    if row.group == "compare":
        return [("compare", row.request, peer, peer, ("rps",)) for peer in PEERS]
    if row.group == "latency":
        return [("latency", row.request, "prism", "prism", ("p50_ms", "p99_ms"))]
    if row.group == "sandbox":
        default, sandbox = SANDBOX_PAIR
        return [("sandbox", default.name, "default world", "stand-in", ("rps",))] if row.request == sandbox.name else []
    return [("compare", "details", "floor", "floor", ("rps",))]
