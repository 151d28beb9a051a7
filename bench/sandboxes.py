"""Sandboxes, measured over HTTP on gunicorn as `make run` serves: `python -m bench.sandboxes`.

- creation (SANDBOXES=disk, or memory with --mode memory): the first request to a new sandbox
  (its world copied from the prepared template) less a request to a warm one, median and p95
  over --count sandboxes (the template is made before);
- the prefix: GET customer details in the default sandbox and under /sandbox/{name}, with wrk at
  16 connections (throughput) when wrk is installed, and one request at a time (p50 latency).
"""
import argparse
import statistics
import tempfile
from pathlib import Path

from bench.client import Client
from bench.servers import Server, free_port, instance_env, seed_instance, server_argv
from bench.wrk import run_wrk, wrk_path

JOHN = "00000000-0000-474c-b092-b0dd880c07e1"
DETAILS = f"/api/DEFAULT/customer/{JOHN}"
LOGIN = {"_username": "admin", "_password": "open"}


def _token(client, prefix=""):
    return client.request("POST", prefix + "/api/admin/login_check", body=LOGIN).json()["token"]


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def creation(port, count):
    """Milliseconds a new sandbox adds to its first request."""
    with Client(port) as client:
        client.get("/sandbox/warmup/health")  # the template is made once per server
        added = []
        for index in range(count):
            first = client.get(f"/sandbox/bench-{index}/health").seconds
            warm = client.get(f"/sandbox/bench-{index}/health").seconds
            added.append((first - warm) * 1000)
    return {"count": count, "median_ms": round(statistics.median(added), 2),
            "p95_ms": round(_percentile(added, 0.95), 2)}


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50, help="sandboxes to make (default 50)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of each wrk run (default 10)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--mode", choices=("disk", "memory"), default="disk", help="SANDBOXES (default disk)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder) / "instance"
        seed_instance(instance)
        port = free_port()
        argv = server_argv("gunicorn", port, workers=arguments.workers)
        with Server("gunicorn", argv, port, env=instance_env(instance, MAX_SANDBOXES="1000", SANDBOXES=arguments.mode),
                    log_path=Path(folder) / "server.log", ready_path="/health"):
            made = creation(port, arguments.count)
            print(f"sandbox creation ({arguments.mode}) over {made['count']}: median {made['median_ms']} ms, "
                  f"p95 {made['p95_ms']} ms")
            cost = prefix_cost(port, arguments.duration)
            for name in ("default", "sandbox"):
                print(f"GET details, {name}: {cost[name]}")
            if "sandbox_vs_default" in cost:
                print(f"throughput under the prefix / default: {cost['sandbox_vs_default']}")


if __name__ == "__main__":
    main()
