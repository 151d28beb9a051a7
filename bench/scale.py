"""List queries at scale: seed N customers with the CLI, serve them under gunicorn, time each list query;
on each engine (SQLite, and PostgreSQL when a server can be had: bench/engines.py).

Values for the filters come from the seeded data at run time (a page in the middle of the default order),
so the queries hit real rows whatever the seed generates. The first engine measured at an N chooses them;
the others at that N run the same queries, so that their rows compare.
"""
import http.client
import math
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlencode

from bench.client import Client, admin_token
from bench.engines import Database, servers
from bench.servers import (
    ROOT,
    BenchError,
    Server,
    children,
    free_port,
    instance_env,
    resident_kib,
    seed_instance,
    server_argv,
    tool,
)
from bench.stats import load_average, percentile

LIST_PATH = "/api/DEFAULT/admin/customer"
TEXT_FIELDS = ("firstName", "lastName", "email", "phone", "loyaltyCardNumber", "emailOrPhone")
SORTS = (
    "customerId", "firstName", "lastName", "email", "phone", "gender", "birthDate", "loyaltyCardNumber",
    "createdAt", "updatedAt", "active", "levelId", "posId", "transactionsAmount",
    "transactionsAmountWithoutDeliveryCosts", "transactionsCount", "averageTransactionAmount",
    "lastTransactionDate", "level.name",
)
NO_MATCH = "qxzjv"
SLOW_MS = 50
MIN_SAMPLES = 5


@dataclass
class Query:
    """One list query: a label for the table and its query parameters."""

    group: str
    label: str
    params: dict

    @property
    def path(self):
        """The request path with the encoded query string."""
        return f"{LIST_PATH}?{urlencode(self.params)}" if self.params else LIST_PATH


def customers_option_available():
    """Tell whether `flask --app wsgi seed` accepts --customers."""
    with tempfile.TemporaryDirectory(prefix="bench-help-") as instance:
        result = subprocess.run(
            [tool("flask") or "flask", "--app", "wsgi", "seed", "--help"],
            cwd=ROOT, env=instance_env(instance), capture_output=True, text=True, timeout=120,
        )
    return result.returncode == 0 and "--customers" in result.stdout


def _parse_moment(text):
    try:
        return datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def _middle(values):
    values = [value for value in values if value is not None]
    return statistics.median_low(values) if values else None


def _first_text(customers, key):
    for customer in customers:
        value = customer.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def text_queries(customers):
    """Substring filters (4, 2 and 1 characters, and no match) and the strict whole value, per text field: below
    3 characters no trigram index can narrow a substring search, on either engine."""
    queries = []
    for field in TEXT_FIELDS:
        value = _first_text(customers, "email" if field == "emailOrPhone" else field)
        if value is None:
            queries.append(Query("text", f"{field}: no value in the sample", {}))
            continue
        middle = len(value) // 2
        four, two = value[max(0, middle - 2):middle + 2], value[middle:middle + 2] or value[:1]
        one = value[middle:middle + 1] or value[:1]
        queries += [
            Query("text", f"{field}~{four}", {field: four}),
            Query("text", f"{field}~{two}", {field: two}),
            Query("text", f"{field}~{one}", {field: one}),
            Query("text", f"{field}~{NO_MATCH} (no match)", {field: NO_MATCH}),
            Query("text", f"{field}={value} strict", {field: value, "strict": "1"}),
        ]
    return [query for query in queries if query.params]


def range_queries(customers, now=None):
    """Range filters bounded by the middle value the sample shows."""
    now = now or datetime.now(timezone.utc)
    queries = []
    for name, key in (("transactionsAmount", "transactionsAmount"),
                      ("averageTransactionAmount", "averageTransactionAmount"),
                      ("transactionsCount", "transactionsCount")):
        value = _middle(customer.get(key) for customer in customers if isinstance(customer.get(key), (int, float)))
        value = 0 if value is None else value
        queries += [Query("range", f"{name}From={value}", {f"{name}From": value}),
                    Query("range", f"{name}To={value}", {f"{name}To": value})]
    last = _middle(_parse_moment(customer.get("lastTransactionDate")) for customer in customers)
    days = min(700_000, max(0, math.ceil((now - last).total_seconds() / 86400))) if last else 365
    updated = _middle(_parse_moment(customer.get("updatedAt")) for customer in customers)
    hours = min(16_000_000, max(0, math.ceil((now - updated).total_seconds() / 3600))) if updated else 24
    return queries + [
        Query("range", f"daysFromLastTransactionTo={days}", {"daysFromLastTransactionTo": days}),
        Query("range", f"hoursFromLastUpdateTo={hours}", {"hoursFromLastUpdateTo": hours}),
    ]


def label_queries(customers):
    """Label filters (key and value, key only) with a label seen in the data."""
    for customer in customers:
        for label in customer.get("labels") or []:
            if isinstance(label, dict) and label.get("key"):
                key, value = label["key"], label.get("value") or ""
                return [
                    Query("label", f"labels {key}={value}", {"labels[0][key]": key, "labels[0][value]": value}),
                    Query("label", f"labels key {key}", {"labels[0][key]": key}),
                ]
    return []


def sort_queries():
    """Every sort column, ascending and descending, without a filter, and a deep page of the default order."""
    queries = [
        Query("sort", f"sort={column} {direction}", {"sort": column, "direction": direction})
        for column in SORTS
        for direction in ("asc", "desc")
    ]
    return queries + [Query("page", "page=5000", {"page": 5000})]


def sample_customers(client, total):
    """Customers of page 500 (perPage=10) of the default order, or of the middle page of a smaller list,
    plus the first pages when the sample shows no label."""
    page = 500 if total >= 5000 else max(1, total // 20)
    customers = (client.get(f"{LIST_PATH}?page={page}&perPage=10").json() or {}).get("customers") or []
    if not any(customer.get("labels") for customer in customers):
        for extra in range(1, 4):
            found = (client.get(f"{LIST_PATH}?page={extra}&perPage=50").json() or {}).get("customers") or []
            labelled = [customer for customer in found if customer.get("labels")]
            if labelled:
                customers = customers + labelled[:1]
                break
    return page, customers


def uncached(path, number):
    """`path` with a parameter the list ignores, another for each repetition: no repetition is
    answered from what a worker kept of an earlier one (app/response_cache.py), each is a query."""
    return f"{path}{'&' if '?' in path else '?'}repetition={number}"


def time_query(client, query, reps, budget):
    """Time one query sequentially: the first answer is discarded, then up to `reps` (at least MIN_SAMPLES,
    fewer once `budget` seconds are spent)."""
    result = {"group": query.group, "query": query.label, "path": query.path}
    try:
        first = client.get(query.path)
        statuses = Counter([first.status])
        samples = []
        deadline = time.perf_counter() + budget
        for rep in range(reps):
            reply = client.get(uncached(query.path, rep))
            statuses[reply.status] += 1
            samples.append(reply.seconds)
            if len(samples) >= MIN_SAMPLES and time.perf_counter() > deadline:
                break
    except (OSError, http.client.HTTPException) as error:
        return {**result, "status": "error", "error": f"{type(error).__name__}: {error}"}
    p50, p99 = percentile(samples, 50), percentile(samples, 99)
    return {
        **result,
        "status": ",".join(str(status) for status in sorted(statuses)),
        "total": (first.json() or {}).get("total") if first.status == 200 else None,
        "samples": len(samples),
        "p50_ms": round(p50 * 1000, 2),
        "p99_ms": round(p99 * 1000, 2),
        "slow": p99 * 1000 >= SLOW_MS,
    }


def measure_instance(instance, *, env=None, queries=None, reps=100, budget=10.0, workers=2, log=print):
    """Serve a seeded instance folder (its environment plus `env`) under gunicorn and time every list query over
    one connection: `queries`, or those the data's sample page suggests. Return the figures and the queries."""
    port = free_port()
    argv = server_argv("gunicorn", port, workers=workers)
    with tempfile.TemporaryDirectory(prefix="bench-scale-log-") as logs:
        with Server("gunicorn", argv, port, env=instance_env(instance, **(env or {})),
                    log_path=Path(logs) / "server.log") as server:
            headers = {"Authorization": f"Bearer {admin_token(port)}"}
            with Client(port, headers) as client:
                total = (client.get(f"{LIST_PATH}?perPage=1").json() or {}).get("total") or 0
                page = None
                if queries is None:
                    page, customers = sample_customers(client, total)
                    queries = text_queries(customers) + range_queries(customers) + label_queries(customers)
                    queries += sort_queries()
                results = []
                for query in queries:
                    results.append(time_query(client, query, reps, budget))
                    log(f"    {_progress(results[-1])}")
            workers_rss = {pid: resident_kib(pid) for pid in children(server.pid)}
            master_rss = resident_kib(server.pid)
    return {
        "customers_listed": total,
        "sample_page": page,
        "queries": results,
        "slow_queries": [result["query"] for result in results if result.get("slow")],
        "worker_rss_kib": list(workers_rss.values()),
        "master_rss_kib": master_rss,
    }, queries


def _progress(result):
    if result["status"] == "error":
        return f"{result['query']}: {result['error']}"
    return f"{result['query']}: {result['status']} p50 {result['p50_ms']} ms p99 {result['p99_ms']} ms"


def measure_engine(engine, server, count, *, queries=None, log=print, **timing):
    """Seed `count` customers into a fresh database of `engine` (a file, or a database made on the PostgreSQL
    `server` and dropped after), then time the list queries; return the figures and the queries."""
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as instance, Database(engine, instance, server) as database:
        load_before = load_average()
        log(f"  {engine}: seeding {count} customers")
        seconds = seed_instance(instance, "--customers", str(count), timeout=None, **database.env)
        size = database.bytes()
        log(f"  {engine}: seeded in {seconds:.1f} s, {size / 1e6:.1f} MB; timing list queries")
        measured, queries = measure_instance(instance, env=database.env, queries=queries, log=log, **timing)
        result = {"engine": engine, "customers": count, "seed_seconds": round(seconds, 2), "database_bytes": size,
                  "database": database.describe(), **measured, "load_average": [load_before, load_average()]}
    return result, queries


def run_scale(sizes, *, engines=("sqlite",), reps=100, budget=10.0, workers=2, log=print):
    """For each N and each engine: seed N customers with the CLI into a fresh database, then time the list
    queries. Return the results (one per engine and N; an `error` instead of figures when that one failed)
    and notes on the engines that could not be measured."""
    if not customers_option_available():
        raise BenchError(
            "`flask --app wsgi seed --customers N` is not available (`flask --app wsgi seed --help` lists no "
            "--customers option), so the scale step cannot seed its databases."
        )
    results = []
    with servers(engines, log) as (found, notes):
        for note in notes:
            log(f"  {note}")
        for count in sizes:
            queries = None  # the first engine measured at this N chooses them
            for engine, server in found.items():
                try:
                    result, queries = measure_engine(engine, server, count, queries=queries, log=log,
                                                     reps=reps, budget=budget, workers=workers)
                except Exception as error:  # one engine failing leaves the others' figures
                    message = str(error) if isinstance(error, BenchError) else f"{type(error).__name__}: {error}"
                    log(f"  {engine}: {count} customers failed: {message}")
                    result = {"engine": engine, "customers": count, "error": message}
                results.append(result)
    return results, notes
