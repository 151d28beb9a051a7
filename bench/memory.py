"""Resident memory of the stand-in's gunicorn workers under a mixed load, round after round.

`python -m bench.memory [--customers 1000000] [--minutes 10] [--rounds 2] [--workers 2] [--json PATH]` seeds N
customers into a fresh instance folder (SQLite), serves it under gunicorn, and loads it with wrk for `--rounds`
rounds of `--minutes` each with the mix of bench/memory.lua (details, lists, statuses, 5% registrations, 5%
updates), reading every worker's VmRSS and VmHWM from /proc every `--interval` seconds. The goals: each worker
below 200 MB, and no growth from one round's end to the next's.
"""
import argparse
import json
import os
import signal
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

from bench.client import Client, admin_token
from bench.servers import (
    BenchError,
    Server,
    children,
    free_port,
    instance_env,
    seed_instance,
    server_argv,
)
from bench.stats import load_average
from bench.wrk import run_wrk, wrk_path

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "memory.lua"
LIST_PATH = "/api/DEFAULT/admin/customer"
SAMPLE_SIZE = 200
MAX_PAGES = 1000
GOAL_MB = 200
KIB_PER_MB = 1024


def parse_args(argv=None):
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000, help="customers seeded (default 1000000)")
    parser.add_argument("--minutes", type=float, default=10, help="length of each round (default 10)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of load (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (default 16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--interval", type=float, default=10, help="seconds between two samples (default 10)")
    parser.add_argument("--json", type=Path, help="where to write the figures (default: a new temporary file)")
    return parser.parse_args(argv)


def memory_kib(pid):
    """VmRSS and VmHWM of the process in KiB, or None once it is gone."""
    found = {}
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            found[name] = int(rest.split()[0])
    return found if "VmRSS" in found else None


def sample_workers(master):
    """One reading of every worker of the gunicorn `master`: {pid: {"VmRSS": KiB, "VmHWM": KiB}}."""
    readings = {}
    for pid in children(master):
        reading = memory_kib(pid)
        if reading:
            readings[pid] = reading
    return readings


class Sampler:
    """Reads the workers' memory every `interval` seconds in a background thread, until stopped."""

    def __init__(self, master, interval):
        self.master = master
        self.interval = interval
        self.samples = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self.take()
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        self._thread.join()
        self.take()

    def take(self):
        """Record one reading, with the seconds since the epoch."""
        self.samples.append({"time": round(time.time(), 1), "workers": sample_workers(self.master)})

    def _run(self):
        while not self._stop.wait(self.interval):
            self.take()


def customer_sample(port, headers):
    """The total of customers and up to SAMPLE_SIZE of them from the first page of the list."""
    with Client(port, headers) as client:
        reply = client.get(f"{LIST_PATH}?perPage={SAMPLE_SIZE}")
    found = reply.json() or {}
    customers = found.get("customers") or []
    if reply.status != 200 or not customers:
        raise BenchError(f"GET {LIST_PATH}?perPage={SAMPLE_SIZE} answered {reply.status}: {reply.body[:300]!r}")
    return found.get("total") or len(customers), customers


def _fragments(customers, key, length=3):
    """Distinct, URL-encoded fragments of `length` characters from the start of each customer's `key`."""
    values = {str(customer.get(key) or "")[:length] for customer in customers}
    return sorted(quote(value, safe="") for value in values if len(value) == length)


def script_args(total, customers, failures_path):
    """The arguments of bench/memory.lua after the nonce: ids, name fragments, e-mails, pages, failure file."""
    ids = [customer["customerId"] for customer in customers if customer.get("customerId")]
    emails = sorted({quote(customer["email"], safe="") for customer in customers if customer.get("email")})
    first, last = _fragments(customers, "firstName"), _fragments(customers, "lastName")
    if not (ids and emails and first and last):
        raise BenchError("the sampled customers lack ids, e-mail addresses or names to build the load from")
    pages = max(1, min(MAX_PAGES, total // 10))
    return [",".join(ids), ",".join(first), ",".join(last), ",".join(emails), str(pages), str(failures_path)]


def _plain(sample):
    """A reading with its pids as strings, as JSON keys are."""
    return {"time": sample["time"], "workers": {str(pid): reading for pid, reading in sample["workers"].items()}}


def summarize_round(number, samples, load, load_before):
    """Per worker: RSS at the start and end of the round, its maximum and the last VmHWM, in KiB."""
    workers = {}
    for sample in samples:
        for pid, reading in sample["workers"].items():
            entry = workers.setdefault(pid, {"pid": pid, "start_kib": reading["VmRSS"], "samples": 0})
            entry["end_kib"] = reading["VmRSS"]
            entry["max_kib"] = max(entry.get("max_kib", 0), reading["VmRSS"])
            entry["hwm_kib"] = reading.get("VmHWM")
            entry["samples"] += 1
    return {
        "round": number,
        "workers": list(workers.values()),
        "load": load.as_dict(),
        "load_average": [load_before, load_average()],
        "samples": [_plain(sample) for sample in samples],
    }


def run_round(number, server, port, headers, args, customers_args, log):
    """One round of load under the sampler; return its summary."""
    load_before = load_average()
    log(f"round {number}: {args.minutes:g} min of mixed load, load average {load_before}")
    with Sampler(server.pid, args.interval) as sampler:
        load = run_wrk(
            f"http://127.0.0.1:{port}", duration=max(1, round(args.minutes * 60)), connections=args.connections,
            threads=args.threads, headers=headers, script=SCRIPT,
            script_args=[f"r{number}-{uuid.uuid4().hex[:8]}", *customers_args], timeout="30s",
        )
    log(f"round {number}: {load.rps} requests/s, {load.non_2xx} non-2xx, {load.socket_errors} socket errors")
    return summarize_round(number, sampler.samples, load, load_before)


def measure(args, log):
    """Seed, serve and load the stand-in; return the figures of every round."""
    if not wrk_path():
        raise BenchError("wrk is not installed (Debian: apt-get install wrk)")
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as folder:
        instance = Path(folder) / "instance"
        instance.mkdir()
        log(f"seeding {args.customers} customers")
        seconds = seed_instance(instance, "--customers", str(args.customers), timeout=None)
        log(f"seeded in {seconds:.1f} s; serving under gunicorn with {args.workers} workers")
        port = free_port()
        argv = server_argv("gunicorn", port, workers=args.workers)
        with Server("gunicorn", argv, port, env=instance_env(instance), log_path=Path(folder) / "server.log") as server:
            headers = {"Authorization": f"Bearer {admin_token(port)}"}
            total, customers = customer_sample(port, headers)
            failures = Path(folder) / "failures.txt"
            customers_args = script_args(total, customers, failures)
            rounds = [run_round(number, server, port, headers, args, customers_args, log)
                      for number in range(1, args.rounds + 1)]
            master = memory_kib(server.pid)
            failed = failures.read_text().splitlines() if failures.exists() else []
    return {"seed_seconds": round(seconds, 1), "customers_listed": total, "rounds": rounds,
            "master_kib": master, "failures": failed}


def mb(kib):
    """KiB as MB (2**20 bytes), one decimal."""
    return None if kib is None else round(kib / KIB_PER_MB, 1)


def table(rounds):
    """The table lines: round, worker, RSS start, end and max, growth over the round, VmHWM, and the load."""
    head = f"{'round':>5}  {'worker':>8}  {'RSS start MB':>12}  {'RSS end MB':>10}  {'max MB':>7}  " \
           f"{'growth MB':>9}  {'VmHWM MB':>8}  {'req/s':>7}  {'non-2xx':>7}"
    lines = [head, "-" * len(head)]
    for entry in rounds:
        load = entry["load"]
        for worker in entry["workers"]:
            growth = mb(worker["end_kib"] - worker["start_kib"])
            lines.append(
                f"{entry['round']:>5}  {worker['pid']:>8}  {mb(worker['start_kib']):>12}  {mb(worker['end_kib']):>10}  "
                f"{mb(worker['max_kib']):>7}  {growth:>+9}  {mb(worker['hwm_kib']):>8}  {load['rps']:>7}  "
                f"{load['non_2xx']:>7}"
            )
    return lines


def growth(rounds):
    """Per worker alive in the first and the last round: RSS at the last round's end minus at the first's, KiB."""
    if len(rounds) < 2:
        return {}
    first = {worker["pid"]: worker["end_kib"] for worker in rounds[0]["workers"]}
    last = {worker["pid"]: worker["end_kib"] for worker in rounds[-1]["workers"]}
    return {pid: last[pid] - first[pid] for pid in first if pid in last}


def verdicts(figures):
    """The goals' lines, and the same as data."""
    rounds = figures["rounds"]
    peak = max((worker["max_kib"] for entry in rounds for worker in entry["workers"]), default=None)
    met = peak is not None and peak < GOAL_MB * KIB_PER_MB
    lines = [f"RSS per worker < {GOAL_MB} MB: {'met' if met else 'NOT MET'} (max {mb(peak)} MB)"]
    grown = growth(rounds)
    before, after = rounds[0]["load_average"][0], rounds[-1]["load_average"][1]
    if grown:
        each = ", ".join(f"worker {pid} {mb(kib):+} MB" for pid, kib in grown.items())
        lines.append(f"growth from round 1 end to round {len(rounds)} end: {mb(max(grown.values())):+} MB at most "
                     f"({each}); load average {before} before, {after} after")
    else:
        lines.append(f"growth from round 1 end to round {len(rounds)} end: not measured (fewer than 2 rounds, or "
                     f"no worker lived through them); load average {before} before, {after} after")
    problems = sum(entry["load"]["non_2xx"] + entry["load"]["socket_errors"] for entry in rounds)
    if problems:
        lines.append(f"{problems} answers outside 2xx or socket errors; first answers: {figures['failures'][:3]}")
    grown = {str(pid): kib for pid, kib in grown.items()}
    return lines, {"max_rss_kib": peak, "rss_goal_met": met, "growth_kib": grown}


def write_json(path, settings, figures, summary):
    """Write the settings, figures and verdicts to `path`, or to a new temporary file; return the path."""
    if path is None:
        handle, name = tempfile.mkstemp(prefix="bench-memory-", suffix=".json")
        os.close(handle)
        path = Path(name)
    document = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "settings": settings,
                **figures, **summary}
    path.write_text(json.dumps(document, indent=2) + "\n")
    return path


def _stop_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)  # unwinds the with-blocks: the server is stopped, the folders removed


def _log(message):
    print(message, file=sys.stderr, flush=True)


def main(argv=None):
    """Run the measurement, print the table and the verdicts, write the JSON; exit 1 on a problem."""
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    settings = {key: (str(value) if isinstance(value, Path) else value) for key, value in vars(args).items()}
    try:
        figures = measure(args, _log)
    except BenchError as error:
        _log(f"bench.memory: {error}")
        return 1
    except KeyboardInterrupt:
        _log("bench.memory: interrupted; the server is stopped and its folder removed")
        return 130
    lines, summary = verdicts(figures)
    print("\n".join(table(figures["rounds"]) + [""] + lines))
    print(f"figures written to {write_json(args.json, settings, figures, summary)}")
    return 1 if any(entry["load"]["non_2xx"] or entry["load"]["socket_errors"] for entry in figures["rounds"]) else 0


if __name__ == "__main__":
    sys.exit(main())
