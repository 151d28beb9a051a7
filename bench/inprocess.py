"""In-process timings: a fresh seeded app as the pytest fixture makes it, and requests through the test client."""
import shutil
import tempfile
import time
from pathlib import Path

from bench.http_load import DETAILS_PATH, LIST_PATH
from bench.servers import BenchError
from bench.stats import summary


def time_fresh_apps(template, folder, count):
    """Seconds taken by `fresh_app(template, new_instance_folder)`, `count` times."""
    from openloyalty_standin.app.extensions import db
    from openloyalty_standin.app.testing.support import fresh_app

    seconds = []
    for index in range(count):
        instance = Path(folder) / f"app-{index}"
        start = time.perf_counter()
        app = fresh_app(template, str(instance))
        seconds.append(time.perf_counter() - start)
        with app.app_context():
            db.engine.dispose()
        shutil.rmtree(instance, ignore_errors=True)
    return seconds


def time_requests(client, path, headers, count, warmup):
    """Seconds per GET of `path` through the test client, after `warmup` untimed ones; every answer must be 200."""
    for _ in range(warmup):
        client.get(path, headers=headers)
    seconds = []
    for _ in range(count):
        start = time.perf_counter()
        response = client.get(path, headers=headers)
        seconds.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise BenchError(f"GET {path} through the test client answered {response.status_code}")
    return seconds


CONTROL_PLANE = (
    ("reset", "/_dev/reset", 204),
    ("snapshot_take", "/_dev/snapshots/bench", 201),
    ("snapshot_restore", "/_dev/snapshots/bench/restore", 200),
)


def time_control_plane(client, count):
    """Seconds per POST of each control-plane operation a test suite calls between tests."""
    seconds = {}
    for name, path, status in CONTROL_PLANE:
        seconds[name] = []
        for _ in range(count):
            start = time.perf_counter()
            response = client.post(path)
            seconds[name].append(time.perf_counter() - start)
            if response.status_code != status:
                raise BenchError(f"POST {path} through the test client answered {response.status_code}")
    return seconds


def run_inprocess(apps=50, requests=2000, warmup=200, log=print):
    """Build the template once, time fresh apps, then time the details and list GETs in one app."""
    from openloyalty_standin.app.extensions import db
    from openloyalty_standin.app.testing.support import Auth, build_template, fresh_app

    with tempfile.TemporaryDirectory(prefix="bench-inprocess-") as folder:
        log("  building the template")
        template_folder = Path(folder) / "template"
        template_folder.mkdir()
        start = time.perf_counter()
        template = build_template(str(template_folder))
        build_seconds = time.perf_counter() - start
        log(f"  {apps} fresh apps")
        fresh = time_fresh_apps(template, folder, apps)
        app = fresh_app(template, str(Path(folder) / "client"))
        try:
            client = app.test_client()
            headers = Auth(app).headers("admin")
            log(f"  {requests} details GETs, {requests} list GETs")
            details = time_requests(client, DETAILS_PATH, headers, requests, warmup)
            listing = time_requests(client, LIST_PATH, headers, requests, warmup)
            log(f"  {apps} resets, snapshots taken and restored")
            control = time_control_plane(client, apps)
        finally:
            with app.app_context():
                db.engine.dispose()
    return {
        "template_build_ms": round(build_seconds * 1000, 2),
        "fresh_app": {"count": apps, **summary(fresh)},
        "details_get": {"count": requests, "path": DETAILS_PATH, **summary(details)},
        "list_get": {"count": requests, "path": LIST_PATH, **summary(listing)},
        **{name: {"count": apps, **summary(seconds)} for name, seconds in control.items()},
    }
