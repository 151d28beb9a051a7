"""Running wrk and reading its summary (printed by harness.lua as one JSON line)."""
import json
import shutil
import subprocess
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.servers import BenchError

HERE = Path(__file__).resolve().parent
HARNESS = HERE / "harness.lua"
MARKER = "BENCH_RESULT "


@dataclass
class LoadResult:
    """What one wrk run measured."""

    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    non_2xx: int
    socket_errors: int
    posted: int = 0  # the requests of each kind a register-and-get script sent
    fetched: int = 0

    def as_dict(self):
        """The figures as a plain dict."""
        return asdict(self)


def wrk_path():
    """The wrk executable, or None when it is not installed."""
    return shutil.which("wrk") or (Path("/usr/bin/wrk").exists() and "/usr/bin/wrk") or None


def wrk_version():
    """wrk's version line, or None."""
    path = wrk_path()
    if not path:
        return None
    result = subprocess.run([path, "-v"], capture_output=True, text=True, timeout=10)
    lines = (result.stdout or result.stderr).splitlines()
    return lines[0].split(" Copyright")[0].strip() if lines else None


def run_wrk(url, *, duration, connections, threads=2, headers=None, script=None, script_args=(), timeout="5s"):
    """Load `url` for `duration` seconds and return the summary.

    `script` is an optional Lua scenario (defining init, request, response); the harness is appended to it.
    """
    path = wrk_path()
    if not path:
        raise BenchError("wrk is not installed (Debian: apt-get install wrk)")
    source = (Path(script).read_text() + "\n" if script else "") + HARNESS.read_text()
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="bench-wrk-") as lua:
        lua.write(source)
        lua.flush()
        argv = [path, "-t", str(threads), "-c", str(connections), "-d", f"{duration}s", "--timeout", timeout,
                "-s", lua.name]
        for name, value in (headers or {}).items():
            argv += ["-H", f"{name}: {value}"]
        argv.append(url)
        if script_args:
            argv += ["--", *script_args]
        result = subprocess.run(argv, capture_output=True, text=True, timeout=duration + 120)
    return parse(result.stdout, result.stderr, result.returncode)


def parse(stdout, stderr="", returncode=0):
    """Read harness.lua's line out of wrk's output."""
    for line in stdout.splitlines():
        if line.startswith(MARKER):
            data = json.loads(line[len(MARKER):])
            seconds = data["duration_us"] / 1e6
            return LoadResult(
                requests=data["requests"],
                seconds=round(seconds, 3),
                rps=round(data["requests"] / seconds, 1) if seconds else 0.0,
                p50_ms=data["p50_us"] / 1000,
                p90_ms=data["p90_us"] / 1000,
                p99_ms=data["p99_us"] / 1000,
                max_ms=data["max_us"] / 1000,
                non_2xx=data["non_2xx"],
                socket_errors=data["connect_errors"] + data["read_errors"] + data["write_errors"] + data["timeouts"],
                posted=data.get("posted", 0),
                fetched=data.get("fetched", 0),
            )
    raise BenchError(f"wrk gave no summary (exit {returncode}): {(stderr or stdout).strip()[-1000:]}")


def combined(results):
    """One summary of several runs of one load: counts summed, rps over the seconds summed, percentiles the
    mean of the runs' weighted by their requests (an estimate: wrk keeps no histogram to merge), the worst max."""
    if len(results) == 1:
        return results[0]
    requests = sum(result.requests for result in results)
    seconds = sum(result.seconds for result in results)

    def mean(name):
        return round(sum(getattr(result, name) * result.requests for result in results) / (requests or 1), 3)

    return LoadResult(
        requests=requests, seconds=round(seconds, 3), rps=round(requests / seconds, 1) if seconds else 0.0,
        p50_ms=mean("p50_ms"), p90_ms=mean("p90_ms"), p99_ms=mean("p99_ms"),
        max_ms=max(result.max_ms for result in results),
        **{name: sum(getattr(result, name) for result in results)
           for name in ("non_2xx", "socket_errors", "posted", "fetched")},
    )
