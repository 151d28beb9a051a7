"""Run the benchmark suite: `python -m bench.run [--duration S] [--scale 100000,1000000] [--only ...]`.

Prints the tables and writes the figures with the machine description to bench/results.json (or --json PATH).
"""
import argparse
import json
import signal
import sys
import time
from pathlib import Path

from bench import report
from bench.engines import default_engines, engine_list
from bench.http_load import LoadSettings, run_http
from bench.servers import BenchError
from bench.stats import load_average

HERE = Path(__file__).resolve().parent
STAGES = ("http", "inprocess", "scale")


def _sizes(text):
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated customer counts, got {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("customer counts must be positive")
    return sizes


def _seconds(minimum):
    def parse(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected whole seconds (wrk takes no fractions), got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"expected at least {minimum} s, got {value}")
        return value

    return parse


def _names(choices):
    def parse(text):
        names = [part.strip() for part in text.split(",") if part.strip()]
        unknown = sorted(set(names) - set(choices))
        if unknown or not names:
            raise argparse.ArgumentTypeError(f"choose from {', '.join(choices)}; got {text!r}")
        return names

    return parse


def parse_args(argv=None):
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=_seconds(1), default=10, help="seconds of each wrk measurement (default 10)")
    parser.add_argument("--warmup", type=_seconds(0), default=2, help="seconds of wrk warm-up before each (default 2)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (default 16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes (default 2)")
    parser.add_argument("--servers", type=_names(("gunicorn", "granian")), default=["gunicorn", "granian"],
                        help="servers to load, comma-separated (default gunicorn,granian)")
    parser.add_argument("--no-prism", action="store_true", help="skip Prism (both modes)")
    parser.add_argument("--no-json-server", action="store_true", help="skip json-server")
    parser.add_argument("--apps", type=int, default=50, help="fresh apps timed in process (default 50)")
    parser.add_argument("--requests", type=int, default=2000, help="test-client requests timed per GET (default 2000)")
    parser.add_argument("--scale", type=_sizes, default=[],
                        help="customer counts for the scale step, e.g. 100000,1000000")
    parser.add_argument("--scale-reps", type=int, default=100, help="timed repetitions per scale query (default 100)")
    parser.add_argument("--scale-budget", type=float, default=10,
                        help="seconds after which a scale query stops repeating, once it has 5 samples (default 10)")
    parser.add_argument("--engines", type=engine_list, default=None,
                        help="database engines of the scale step, comma-separated: sqlite,postgresql (default both "
                             "when a PostgreSQL server can be had: OL_TEST_POSTGRESQL, or Debian's postgresql "
                             "for a throw-away one; else sqlite)")
    parser.add_argument("--only", type=_names(STAGES), default=None,
                        help="stages to run, comma-separated: http,inprocess,scale (default: http,inprocess, "
                             "plus scale when --scale is given)")
    parser.add_argument("--json", type=Path, default=HERE / "results.json",
                        help="results file (default bench/results.json)")
    args = parser.parse_args(argv)
    if args.only is None:
        args.only = ["http", "inprocess"] + (["scale"] if args.scale else [])
    if "scale" in args.only and not args.scale:
        parser.error("the scale stage needs --scale N[,N...]")
    return args


def _stop_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)  # unwinds the with-blocks, so every server started is stopped


def _log(message):
    print(message, file=sys.stderr, flush=True)


def run_stages(args, results):
    """Run the chosen stages, recording each stage's failure instead of stopping; return the failures."""
    failures = []
    stages = {
        "http": lambda: _http(args, results),
        "inprocess": lambda: _inprocess(args, results),
        "scale": lambda: _scale(args, results),
    }
    for stage in STAGES:
        if stage not in args.only:
            continue
        _log(f"[{stage}]")
        started = time.monotonic()
        try:
            stages[stage]()
        except Exception as error:  # a failed stage is reported; the other stages still run
            message = str(error) if isinstance(error, BenchError) else f"{type(error).__name__}: {error}"
            failures.append(f"{stage}: {message}")
            _log(f"{stage} failed: {message}")
        results["stage_seconds"][stage] = round(time.monotonic() - started, 1)
    return failures


def _http(args, results):
    settings = LoadSettings(duration=args.duration, warmup=args.warmup, connections=args.connections,
                            threads=args.threads, workers=args.workers)
    found = run_http(args.servers, settings, prism=not args.no_prism, json_server=not args.no_json_server, log=_log)
    results["http"] = [row.as_dict() for row in found.rows]
    results["ratios"] = found.ratios
    results["skipped"] += found.skipped
    results["problems"] += found.problems
    for row in found.rows:
        where = f"{row.request} on {row.label}"
        if row.rps is None:
            results["problems"].append(f"{where}: {'; '.join(row.notes)}")
        elif row.non_2xx or row.detail.get("socket_errors"):
            results["problems"].append(f"{where}: {row.non_2xx} non-2xx responses, "
                                       f"{row.detail.get('socket_errors')} socket errors")


def _inprocess(args, results):
    from bench.inprocess import run_inprocess

    results["inprocess"] = run_inprocess(apps=args.apps, requests=args.requests, log=_log)


def _scale(args, results):
    from bench.scale import run_scale

    engines = args.engines
    if engines is None:
        engines, note = default_engines()
        if note:
            results["skipped"].append(note)
    measured, notes = run_scale(args.scale, engines=engines, reps=args.scale_reps, budget=args.scale_budget,
                                workers=args.workers, log=_log)
    results["scale"] = measured
    results["settings"]["engines"] = engines
    # an engine asked for by name that could not be measured is a problem, not a note
    results["problems" if args.engines else "skipped"].extend(notes)
    results["problems"] += [f"scale, {result['engine']}, {result['customers']} customers: {result['error']}"
                            for result in measured if result.get("error")]


def print_results(results):
    """Print every table the run produced."""
    sections = report.http_tables(results.get("http") or [], results.get("ratios") or [], results["settings"])
    if results.get("inprocess"):
        sections.append(report.inprocess_table(results["inprocess"]))
    sections += report.scale_tables(results.get("scale") or [])
    machine = results["machine"]
    busy = (machine["load_average_start"] or 0) > 0.5 * (machine["cpu_count"] or 1)
    notes = [
        f"{machine['cpu_count']} CPUs, Python {machine['python']}, {machine['wrk']}; load average (1 min) "
        f"{machine['load_average_start']} before the run, {machine['load_average_end']} after"
        + (": the machine was busy before the run started, so the figures are skewed" if busy else "")
    ]
    notes += results["skipped"] + [f"PROBLEM {problem}" for problem in results["problems"]]
    notes += [f"FAILED {failure}" for failure in results["failures"]]
    sections.append("\n".join(notes))
    print("\n\n".join(sections))


def main(argv=None):
    """Run, print, write the JSON; exit 1 when a stage failed or a load test had errors."""
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    results = {
        "machine": report.machine_info(),
        "settings": {key: (str(value) if isinstance(value, Path) else value) for key, value in vars(args).items()},
        "http": [], "ratios": [], "inprocess": None, "scale": [], "skipped": [], "problems": [], "failures": [],
        "stage_seconds": {},
    }
    results["machine"]["load_average_start"] = load_average()
    results["failures"] = run_stages(args, results)
    results["machine"]["load_average_end"] = load_average()
    print_results(results)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    _log(f"results written to {args.json}")
    return 1 if results["failures"] or results["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
