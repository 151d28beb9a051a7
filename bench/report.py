"""The printed tables and the machine description stored with the results."""
import os
import platform
import shutil
import subprocess
from datetime import datetime, timezone
from importlib import metadata

from bench.http_load import PRISM_PACKAGE
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
    }


def table(headers, rows):
    """Plain text columns: numbers right-aligned, text left-aligned, the last column unpadded when it is text."""
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [max([len(header)] + [len(row[index]) for row in cells]) for index, header in enumerate(headers)]
    numeric = [all(_is_number(row[index]) for row in rows if row[index] is not None) for index in range(len(headers))]

    def line(values):
        parts = [
            value.rjust(width) if is_number else value.ljust(width)
            for value, width, is_number in zip(values, widths, numeric)
        ]
        if not numeric[-1]:
            parts[-1] = values[-1]
        return "  ".join(parts).rstrip()

    return "\n".join([line(headers), line(["-" * width for width in widths])] + [line(row) for row in cells])


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _cell(value):
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.0f}" if value >= 1000 else f"{value:.2f}"
    return str(value)


def http_table(rows):
    """The load-test rows."""
    return table(
        ["measurement", "server", "rps", "p50 ms", "p99 ms", "non-2xx", "notes"],
        [[row["name"], row["server"], row["rps"], row["p50_ms"], row["p99_ms"], row["non_2xx"], row["notes"]]
         for row in rows],
    )


def ratio_table(ratios):
    """The ratios between load-test rows."""
    return table(["ratio", "value", "notes"], [[ratio["name"], ratio["value"], ratio["notes"]] for ratio in ratios])


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
