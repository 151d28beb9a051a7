"""Sandboxes and snapshots, measured over HTTP on gunicorn as `make run` serves:
`python -m bench.sandboxes [--engine sqlite|postgresql|both]`.

On each engine (a SQLite file, or a fresh database on a PostgreSQL server: bench/engines.py), a server
seeded as `make run` seeds it:
- creation (SQLite: SANDBOXES=disk, or memory with --mode memory; PostgreSQL: a schema): the first
  request to a new sandbox (its world copied from the prepared template) less a request to a warm one,
  median and p95 over --count sandboxes (the template is made before);
- the control plane, --count times each, median and p95 of the request's time: a snapshot of the
  default world taken (POST /_dev/snapshots/bench, which replaces the one before), restored
  (POST /_dev/snapshots/bench/restore), and a sandbox reset (PUT /_dev/sandboxes/bench-0 {"from": "seed"});
- the prefix: GET customer details in the default sandbox and under /sandbox/{name}, with wrk at
  16 connections (throughput) when wrk is installed, and one request at a time (p50 latency).
"""
import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

from bench.client import Client
from bench.engines import Database, default_engines, engine_list, servers
from bench.report import machine_info, table
from bench.servers import BenchError, Server, free_port, instance_env, seed_instance, server_argv
from bench.stats import load_average
from bench.wrk import run_wrk, wrk_path

JOHN = "00000000-0000-474c-b092-b0dd880c07e1"
DETAILS = f"/api/DEFAULT/customer/{JOHN}"
LOGIN = {"_username": "admin", "_password": "open"}


def _token(client, prefix=""):
    return client.request("POST", prefix + "/api/admin/login_check", body=LOGIN).json()["token"]


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _figures(milliseconds):
    return {"count": len(milliseconds), "median_ms": round(statistics.median(milliseconds), 2),
            "p95_ms": round(_percentile(milliseconds, 0.95), 2)}


def creation(port, count):
    """Milliseconds a new sandbox adds to its first request."""
    with Client(port) as client:
        client.get("/sandbox/warmup/health")  # the template is made once per server
        added = []
        for index in range(count):
            first = client.get(f"/sandbox/bench-{index}/health").seconds
            warm = client.get(f"/sandbox/bench-{index}/health").seconds
            added.append((first - warm) * 1000)
    return _figures(added)


# What a test suite calls between tests: (name, method, path, body, the status it answers)
CONTROL_PLANE = (
    ("snapshot take", "POST", "/_dev/snapshots/bench", None, 201),
    ("snapshot restore", "POST", "/_dev/snapshots/bench/restore", None, 200),
    ("sandbox reset", "PUT", "/_dev/sandboxes/bench-0", {"from": "seed"}, 200),
)


def control_plane(port, count):
    """Milliseconds of each control-plane request, `count` times each, after one untimed."""
    figures = {}
    with Client(port) as client:
        for name, method, path, body, status in CONTROL_PLANE:
            replies = [client.request(method, path, body=body) for _ in range(count + 1)]
            wrong = [reply for reply in replies if reply.status != status]
            if wrong:
                raise BenchError(f"{method} {path} answered {wrong[0].status}, not {status}: {wrong[0].body[:300]!r}")
            figures[name] = _figures([reply.seconds * 1000 for reply in replies[1:]])
    return figures


def sequential(port, path, headers, requests=2000):
    with Client(port, headers=headers) as client:
        for _ in range(100):
            client.get(path)
        times = [client.get(path).seconds * 1000 for _ in range(requests)]
    return {"p50_ms": round(statistics.median(times), 3), "p95_ms": round(_percentile(times, 0.95), 3)}


def prefix_cost(port, duration):
    with Client(port) as client:
        default = {"Authorization": f"Bearer {_token(client)}"}
        sandboxed = {"Authorization": f"Bearer {_token(client, '/sandbox/bench')}"}
    figures = {"default": sequential(port, DETAILS, default),
               "sandbox": sequential(port, "/sandbox/bench" + DETAILS, sandboxed)}
    if wrk_path():
        for name, path, headers in (("default", DETAILS, default), ("sandbox", "/sandbox/bench" + DETAILS, sandboxed)):
            load = run_wrk(f"http://127.0.0.1:{port}{path}", duration=duration, connections=16, headers=headers)
            figures[name]["rps"] = round(load.rps)
        figures["sandbox_vs_default"] = round(figures["sandbox"]["rps"] / figures["default"]["rps"], 3)
    return figures


def measure(engine, server, arguments, log=print):
    """Seed a server on `engine` (a database made on the PostgreSQL `server`, dropped after) and measure it."""
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder) / "instance"
        with Database(engine, instance, server) as database:
            seed_instance(instance, **database.env)
            port = free_port()
            argv = server_argv("gunicorn", port, workers=arguments.workers)
            env = instance_env(instance, MAX_SANDBOXES="1000", SANDBOXES=arguments.mode, **database.env)
            load_before = load_average()
            with Server("gunicorn", argv, port, env=env, log_path=Path(folder) / "server.log", ready_path="/health"):
                log(f"{engine}: {arguments.count} sandboxes made")
                figures = {"sandbox creation": creation(port, arguments.count)}
                log(f"{engine}: {arguments.count} snapshots taken, restored, sandbox resets")
                figures.update(control_plane(port, arguments.count))
                log(f"{engine}: GET details in the default world and in a sandbox")
                cost = prefix_cost(port, arguments.duration)
            return {"database": database.describe(), "operations": figures, "prefix": cost,
                    "load_average": [load_before, load_average()]}


def print_figures(measured, mode):
    """The operations, an engine's median and p95 beside the other's; then GET details in and out of a sandbox."""
    engines = list(measured)
    operations = list(dict.fromkeys(name for figures in measured.values() for name in figures["operations"]))
    print(table(["operation", "n"] + [f"{engine} {column}" for engine in engines for column in ("median ms", "p95 ms")],
                [[name + (f" (SANDBOXES={mode} on sqlite)" if name == "sandbox creation" else ""),
                  measured[engines[0]]["operations"][name]["count"]]
                 + [measured[engine]["operations"][name][key] for engine in engines for key in ("median_ms", "p95_ms")]
                 for name in operations]))
    for engine, figures in measured.items():
        database, load = figures["database"], figures["load_average"]
        settings = f"; settings {database['settings']}" if "settings" in database else ""
        print(f"{engine} {database['version']}: load average {load[0]} before, {load[1]} after{settings}")
        cost = figures["prefix"]
        for name in ("default", "sandbox"):
            print(f"  GET details, {name}: {cost[name]}")
        if "sandbox_vs_default" in cost:
            print(f"  throughput under the prefix / default: {cost['sandbox_vs_default']}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50, help="sandboxes to make, and times each operation is timed "
                                                              "(default 50)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of each wrk run (default 10)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--mode", choices=("disk", "memory"), default="disk",
                        help="SANDBOXES on SQLite (default disk); on PostgreSQL sandboxes are schemas")
    parser.add_argument("--engine", type=engine_list, default=None,
                        help="sqlite, postgresql or both (default both when a PostgreSQL server can be had: "
                             "OL_TEST_POSTGRESQL, or Debian's postgresql for a throw-away one; else sqlite)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    arguments = parser.parse_args(argv)
    engines, note = (arguments.engine, None) if arguments.engine else default_engines()
    measured = {}
    with servers(engines) as (found, notes):
        for line in filter(None, [note, *notes]):
            print(line)
        failed = bool(notes)  # a PostgreSQL server that could not be had for an engine asked for
        for engine, server in found.items():
            try:
                measured[engine] = measure(engine, server, arguments)
            except BenchError as error:
                print(f"{engine}: FAILED {error}")
                failed = True
    if measured:
        print_figures(measured, arguments.mode)
    if arguments.json:
        settings = {key: (str(value) if isinstance(value, Path) else value) for key, value in vars(arguments).items()}
        arguments.json.write_text(json.dumps({"machine": machine_info(), "settings": {**settings, "engine": engines},
                                              "figures": measured, "notes": list(filter(None, [note, *notes]))},
                                             indent=2) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
