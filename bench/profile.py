"""Where a request's time goes: `python -m bench.profile [details|list|register] [--seconds 20]`.

Serves a freshly seeded stand-in under gunicorn with one worker, loads one request with wrk (4
connections) and samples the worker with py-spy meanwhile. Writes the samples as a flame graph
(`--format flamegraph`, an SVG) or for speedscope.app (`--format speedscope`) to `--out`, and prints
the functions of the project that the most samples passed through (each sample counted once per
function): the share of the worker's time spent in each, and under it.
"""
import argparse
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from pathlib import Path

from bench.client import CUSTOMER_ID, admin_token
from bench.servers import (
    ROOT,
    BenchError,
    Server,
    children,
    free_port,
    instance_env,
    seed_instance,
    server_argv,
    tool,
)
from bench.wrk import run_wrk

HERE = Path(__file__).resolve().parent
REQUESTS = {
    "details": (f"/api/DEFAULT/customer/{CUSTOMER_ID}", None, ()),
    "list": ("/api/DEFAULT/admin/customer?page=1&perPage=10", None, ()),
    "register": ("/", HERE / "register_get.lua", (
        "profile", "/api/DEFAULT/customer/register",
        '{"customer": {"firstName": "Bench", "lastName": "User", "email": "{email}", "agreement1": true}}',
        "/api/DEFAULT/customer/{id}", "customerId",
    )),
}
# The project's frames, as py-spy names their files: from the import path, or absolute.
OWN = tuple(f"({prefix}{folder}/" for folder in ("app", "schemas", "seeds") for prefix in ("", f"{ROOT}/"))


def parse_args(argv=None):
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.splitlines()[0])
    parser.add_argument("request", choices=sorted(REQUESTS), nargs="?", default="details")
    parser.add_argument("--seconds", type=int, default=20, help="seconds of load and of sampling (default 20)")
    parser.add_argument("--rate", type=int, default=250, help="py-spy samples per second (default 250)")
    parser.add_argument("--format", choices=("flamegraph", "speedscope"), default="flamegraph")
    parser.add_argument("--out", type=Path, help="where the profile goes (default: a file in the temporary folder)")
    parser.add_argument("--top", type=int, default=30, help="project functions printed (default 30)")
    return parser.parse_args(argv)


def sample(pid, seconds, rate, raw, out, kind):
    """py-spy on `pid` for `seconds`: the raw samples to `raw`, the chosen format to `out`."""
    spy = tool("py-spy")
    if spy is None:
        raise BenchError("py-spy is not installed: pip install -e '.[bench]'")
    recorders = [
        subprocess.Popen([spy, "record", "--pid", str(pid), "--duration", str(seconds), "--rate", str(rate),
                          "--format", form, "--output", str(path), "--nonblocking"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for path, form in ((raw, "raw"), (out, kind))
    ]
    for recorder in recorders:
        _, errors = recorder.communicate(timeout=seconds + 60)
        if recorder.returncode:
            raise BenchError(f"py-spy failed ({recorder.returncode}): {errors.strip()[-500:]}")


def _function(frame):
    """`name (path:line)` as `name  path`: one entry per function, whichever of its lines ran."""
    name, _, location = frame.partition(" (")
    return f"{name}  {location.rsplit(':', 1)[0]}"


def own_shares(raw):
    """(share of samples, function) of the project's functions, most first."""
    counts, total = Counter(), 0
    for line in Path(raw).read_text().splitlines():
        stack, _, number = line.rpartition(" ")
        total += int(number)
        functions = {_function(frame) for frame in stack.split(";") if any(part in frame for part in OWN)}
        for function in functions:
            counts[function] += int(number)
    return [(count / total, name) for name, count in counts.most_common()] if total else []


def main(argv=None):
    """Profile one request under load and print the project's share of it."""
    args = parse_args(argv)
    path, script, script_args = REQUESTS[args.request]
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as folder:
        instance, port = Path(folder) / "instance", free_port()
        seed_instance(instance)
        argv = server_argv("gunicorn", port, workers=1)
        with Server("gunicorn", argv, port, env=instance_env(instance), log_path=Path(folder) / "server.log") as server:
            headers = {"Authorization": f"Bearer {admin_token(port)}"}
            (worker,) = children(server.pid)
            suffix = "svg" if args.format == "flamegraph" else "json"
            out = args.out or Path(tempfile.gettempdir()) / f"stand-in-{args.request}.{suffix}"
            raw = Path(folder) / "samples.txt"
            load = threading.Thread(target=run_wrk, args=(f"http://127.0.0.1:{port}{path}",), kwargs=dict(
                duration=args.seconds + 2, connections=4, threads=1, headers=headers, script=script,
                script_args=script_args))
            load.start()
            sample(worker, args.seconds, args.rate, raw, out, args.format)
            load.join()
            shares = own_shares(raw)
    print(f"{args.request}: {args.seconds} s of samples of the worker; the profile is in {out}")
    for share, name in shares[:args.top]:
        print(f"{share * 100:5.1f}%  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
