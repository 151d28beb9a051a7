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
    """Plain text columns: numbers right-aligned, text left-aligned, the last column left unpadded."""
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [max([len(header)] + [len(row[index]) for row in cells]) for index, header in enumerate(headers)]
    numeric = [all(_is_number(row[index]) for row in rows if row[index] is not None) for index in range(len(headers))]

    def line(values):
        parts = [
            value.rjust(width) if is_number else value.ljust(width)
            for value, width, is_number in zip(values, widths, numeric)
        ]
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


def scale_table(result):
    """One N of the scale run: a heading line and one row per query."""
    heading = (
        f"{result['customers']} customers: seeded in {result['seed_seconds']} s, database "
        f"{result['database_bytes'] / 1e6:.1f} MB (db + wal), sample page {result['sample_page']}, "
        f"worker RSS {', '.join(f'{kib / 1024:.0f} MiB' for kib in result['worker_rss_kib'] if kib)}"
    )
    rows = [
        [query["query"], query["status"], query.get("total"), query.get("samples"), query.get("p50_ms"),
         query.get("p99_ms"), _flag(query)]
        for query in result["queries"]
    ]
    body = table(["query", "status", "total", "n", "p50 ms", "p99 ms", "flag"], rows)
    slow = result["slow_queries"]
    footer = f"{len(slow)} of {len(rows)} queries with p99 >= 50 ms" + (f": {', '.join(slow)}" if slow else "")
    return "\n".join([heading, body, footer])


def _flag(query):
    if query["status"] == "error":
        return query["error"]
    flags = []
    if query.get("slow"):
        flags.append("SLOW p99>=50ms")
    if query["status"] != "200":
        flags.append(f"status {query['status']}")
    return ", ".join(flags)
