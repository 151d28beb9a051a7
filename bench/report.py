"""The printed tables and the machine description stored with the results."""
import os
import platform
import shutil
import subprocess
from datetime import datetime, timezone
from importlib import metadata

from bench.http_load import PEERS, SANDBOX_GOAL
from bench.http_load import label as tool_label
from bench.peers import JSON_SERVER_PACKAGE, PRISM_PACKAGE
from bench.wrk import wrk_version


def _version(package):
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _cpu_model():
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def _node_version():
    node = shutil.which("node")
    if not node:
        return None
    result = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=10)
    return result.stdout.strip() or None


def machine_info():
    """What the figures were measured on."""
    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "wrk": wrk_version(),
        "gunicorn": _version("gunicorn"),
        "granian": _version("granian"),
        "flask": _version("flask"),
        "sqlalchemy": _version("sqlalchemy"),
        "node": _node_version(),
        "prism": PRISM_PACKAGE,
        "json_server": JSON_SERVER_PACKAGE,
    }


def table(headers, rows, gaps=()):
    """Plain text columns: numbers right-aligned, text left-aligned, the last column unpadded when it is text;
    None shows as "-", "" as nothing; a blank line before each row whose index is in `gaps`."""
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [max([len(header)] + [len(row[index]) for row in cells]) for index, header in enumerate(headers)]
    numeric = [all(_is_number(row[index]) for row in rows if row[index] not in (None, ""))
               for index in range(len(headers))]

    def line(values):
        parts = [
            value.rjust(width) if is_number else value.ljust(width)
            for value, width, is_number in zip(values, widths, numeric)
        ]
        if not numeric[-1]:
            parts[-1] = values[-1]
        return "  ".join(parts).rstrip()

    body = [("\n" if index in gaps else "") + line(row) for index, row in enumerate(cells)]
    return "\n".join([line(headers), line(["-" * width for width in widths])] + body)


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _cell(value):
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.0f}" if value >= 100 else f"{value:.2f}"
    return str(value)


TOOLS = ("stand-in", "floor", "prism", "prism -m", "json-server")  # the order of a request's rows


def _label(row):
    """A row's tool, with its server when it has one."""
    return tool_label(row["tool"], row.get("server"))


def _ratios(ratios):
    """The ratios by (group, request, server, peer, measure)."""
    return {(ratio["group"], ratio["request"], ratio["server"], ratio["peer"], ratio["measure"]): ratio["value"]
            for ratio in ratios}


def _group(rows, group):
    """The rows of one table."""
    return [row for row in rows if row.get("group") == group]


def comparison_table(rows, ratios, settings):
    """The compared requests, a block per request: each tool's figures and, on the stand-in's rows, its rps
    divided by each peer's (a column for each peer that has rows)."""
    compare = _group(rows, "compare")
    found = _ratios(ratios)
    peers = [peer for peer in PEERS if any(row["tool"] == peer for row in compare)]
    body, gaps = [], []
    for request in dict.fromkeys(row["request"] for row in compare):
        gaps.append(len(body))
        block = sorted((row for row in compare if row["request"] == request), key=lambda row: TOOLS.index(row["tool"]))
        for index, row in enumerate(block):
            shares = [found.get(("compare", request, row["server"], peer, "rps")) for peer in peers]
            body.append([request if index == 0 else "", _label(row), row["rps"], row["p50_ms"], row["p99_ms"],
                         row["non_2xx"]] + (shares if row["tool"] == "stand-in" else [""] * len(peers))
                        + [row["notes"]])
    heading = (
        f"The stand-in beside its peers: wrk -t{settings['threads']} -c{settings['connections']}, "
        f"{settings['warmup']} s warm-up, then {settings['duration']} s measured; the stand-in and the floor with "
        f"{settings['workers']} workers each.\n"
        "÷X: the stand-in's rps divided by X's for the same request (÷floor: the floor under the same server); "
        "above 1 the stand-in serves more."
    )
    headers = ["request", "tool", "rps", "p50 ms", "p99 ms", "non-2xx"] + [f"÷{peer}" for peer in peers] + ["notes"]
    return heading + "\n" + table(headers, body, gaps=set(gaps[1:]))


def latency_table(rows, ratios):
    """The details GET over one connection: the stand-in on each server and Prism."""
    found = _ratios(ratios)
    body = [[_label(row), row["rps"], row["p50_ms"], row["p99_ms"], row["non_2xx"]]
            + [found.get(("latency", row["request"], row["server"], "prism", measure)) for measure in ("p50", "p99")]
            + [row["notes"]]
            for row in _group(rows, "latency")]
    heading = ("GET details over one connection (wrk -t1 -c1): the time of one request alone. "
               "prism pNN ÷ pNN: Prism's latency divided by the stand-in's; above 1 the stand-in answers sooner.")
    return heading + "\n" + table(["tool", "rps", "p50 ms", "p99 ms", "non-2xx", "prism p50 ÷ p50",
                                   "prism p99 ÷ p99", "notes"], body)


def sandbox_table(rows, ratios):
    """The stand-in's details GET in a sandbox against the default world, on each server."""
    found = _ratios(ratios)
    pairs = {}
    for row in _group(rows, "sandbox"):
        pairs.setdefault(row["server"], []).append(row)
    body = []
    for server, (default, sandbox) in pairs.items():
        share = found.get(("sandbox", sandbox["request"], server, "default world", "rps"))
        verdict = None if share is None else ("met" if share >= SANDBOX_GOAL else "NOT MET")
        body.append([server, default["rps"], sandbox["rps"], share, default["p50_ms"], sandbox["p50_ms"], verdict,
                     "; ".join(filter(None, (default["notes"], sandbox["notes"])))])
    heading = ("GET details in the default world and under /sandbox/bench, loaded in turns (default, sandbox, "
               "sandbox, default; half the duration each); goal: the sandbox keeps at least "
               f"{SANDBOX_GOAL:.0%} of the default world's rps.")
    return heading + "\n" + table(["server", "default rps", "sandbox rps", "sandbox ÷ default", "default p50 ms",
                                   "sandbox p50 ms", "goal", "notes"], body)


def extra_table(rows, ratios):
    """The stand-in's other measurements, beside the floor's details GET."""
    found = _ratios(ratios)
    body = [[row["request"], row["server"], row["rps"], row["p50_ms"], row["p99_ms"], row["non_2xx"],
             found.get(("extra", row["request"], row["server"], "floor", "rps")), row["notes"]]
            for row in _group(rows, "extra")]
    heading = ("More of the stand-in (same wrk settings): status GET, the app's ceiling (GET /_dev/clock), details "
               "with DEV_ENDPOINTS=0. ÷floor details: its rps divided by the floor's details rps, same server.")
    return heading + "\n" + table(["measurement", "server", "rps", "p50 ms", "p99 ms", "non-2xx", "÷floor details",
                                   "notes"], body)


def http_tables(rows, ratios, settings):
    """Every table of the HTTP stage that has rows."""
    tables = [(comparison_table, "compare", (rows, ratios, settings)), (latency_table, "latency", (rows, ratios)),
              (sandbox_table, "sandbox", (rows, ratios)), (extra_table, "extra", (rows, ratios))]
    return [render(*arguments) for render, group, arguments in tables if _group(rows, group)]


def inprocess_table(figures):
    """The in-process timings."""
    rows = []
    for key, label in (("fresh_app", "fresh_app(template, folder)"), ("details_get", "test client details GET"),
                       ("list_get", "test client list GET"), ("reset", "POST /_dev/reset"),
                       ("snapshot_take", "POST /_dev/snapshots/{name}"),
                       ("snapshot_restore", "POST /_dev/snapshots/{name}/restore")):
        item = figures.get(key)
        if item is None:
            continue
        rows.append([label, item["count"], item["median_ms"], item["p90_ms"], item["max_ms"]])
    rows.append(["build_template (once)", 1, figures["template_build_ms"], None, None])
    return table(["in-process", "n", "median ms", "p90 ms", "max ms"], rows)


def scale_tables(results):
    """The scale step: for each N, a heading line per engine and one table, a row per query with each
    engine's figures side by side."""
    sizes = list(dict.fromkeys(result["customers"] for result in results))
    return [scale_table([result for result in results if result["customers"] == count]) for count in sizes]


def scale_table(results):
    """One N of the scale run on each engine measured: heading lines, the queries, the slow ones."""
    measured = [result for result in results if not result.get("error")]
    engines = [_engine(result) for result in measured]
    rows = {}
    for result in measured:
        for query in result["queries"]:
            rows.setdefault(query["query"], {})[_engine(result)] = query
    headers = ["query", "total", "n"] + [f"{engine} {column}" for engine in engines for column in ("p50 ms", "p99 ms")]
    body = table(headers + ["flag"], [
        [label, _joined(by_engine, engines, "total"), _joined(by_engine, engines, "samples")]
        + [by_engine.get(engine, {}).get(key) for engine in engines for key in ("p50_ms", "p99_ms")]
        + [_flags(by_engine, engines)]
        for label, by_engine in rows.items()
    ])
    footer = [
        f"{engine}: {len(result['slow_queries'])} of {len(result['queries'])} queries with p99 >= 50 ms"
        + (f": {', '.join(result['slow_queries'])}" if result["slow_queries"] else "")
        for engine, result in zip(engines, measured)
    ]
    return "\n".join([_scale_heading(result) for result in results] + ([body] if measured else []) + footer)


def _engine(result):
    return result.get("engine", "sqlite")


def _scale_heading(result):
    engine = result.get("database") or {"engine": _engine(result)}
    name = " ".join(str(part) for part in (engine["engine"], engine.get("version")) if part)
    if result.get("error"):
        return f"{name}, {result['customers']} customers: FAILED {result['error']}"
    size = "pg_database_size" if engine["engine"] == "postgresql" else "db + wal"
    load = result.get("load_average") or [None, None]
    return (
        f"{name}, {result['customers']} customers: seeded in {result['seed_seconds']} s, database "
        f"{result['database_bytes'] / 1e6:.1f} MB ({size}), sample page {result['sample_page'] or 'as above'}, "
        f"worker RSS {', '.join(f'{kib / 1024:.0f} MiB' for kib in result['worker_rss_kib'] if kib)}, "
        f"load average {load[0]} before, {load[1]} after"
    )


def _joined(by_engine, engines, key):
    """One value when every engine has the same, else each engine's, separated by slashes."""
    values = [by_engine.get(engine, {}).get(key) for engine in engines]
    return values[0] if len(set(values)) == 1 else " / ".join(_cell(value) for value in values)


def _flags(by_engine, engines):
    """The engines on which a query was slow, the other flags of each (named by engine when there are
    several), and whether the engines counted different totals."""
    slow = [engine for engine in engines if by_engine.get(engine, {}).get("slow")]
    flags = [f"SLOW p99>=50ms{': ' + ', '.join(slow) if len(engines) > 1 else ''}"] if slow else []
    for engine in engines:
        query = by_engine.get(engine)
        flag = _flag(query, slow=False) if query else "not run"
        if flag:
            flags.append(f"{engine}: {flag}" if len(engines) > 1 else flag)
    if len({by_engine.get(engine, {}).get("total") for engine in engines}) > 1:
        flags.append("TOTALS DIFFER")
    return "; ".join(flags)


def _flag(query, slow=True):
    if query["status"] == "error":
        return query["error"]
    flags = []
    if slow and query.get("slow"):
        flags.append("SLOW p99>=50ms")
    if query["status"] != "200":
        flags.append(f"status {query['status']}")
    return ", ".join(flags)
