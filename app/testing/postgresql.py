"""A throw-away PostgreSQL server for a test run.

`python -m openloyalty_standin.app.testing.postgresql COMMAND...` makes a cluster in a temporary
folder (initdb, as an unprivileged user when run as root), starts it on a free port of 127.0.0.1,
runs COMMAND with OL_TEST_POSTGRESQL naming it, stops it and removes the folder, and exits with
COMMAND's status. With OL_TEST_POSTGRESQL already set, COMMAND runs against that server. Without
PostgreSQL's programs (Debian's `postgresql` package) it says so in one line and exits 0; under
CI (CI set), where .ci/run installs them, 1: a run never skips PostgreSQL silently there.
"""
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from contextlib import contextmanager

SETTINGS = ("listen_addresses=127.0.0.1", "fsync=off", "synchronous_commit=off", "full_page_writes=off",
            "max_connections=400", "shared_buffers=128MB")


def programs():
    """The folder of initdb and pg_ctl (on PATH, or Debian's newest), or None."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return os.path.dirname(found)
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                      key=lambda path: int(path.split("/")[-3]) if path.split("/")[-3].isdigit() else 0)
    return os.path.dirname(versions[-1]) if versions else None


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _owner():
    """The user the server runs as: this one, or an unprivileged one for root (PostgreSQL refuses root)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("no unprivileged user (postgres or nobody) to run PostgreSQL as")


@contextmanager
def cluster():
    """A started throw-away server; yields its URL (a database to connect to for creating others)."""
    binaries, owner = programs(), _owner()
    folder = tempfile.mkdtemp(prefix="openloyalty-postgresql-")
    data, log = os.path.join(folder, "data"), os.path.join(folder, "server.log")
    as_owner = {"user": owner.pw_uid, "group": owner.pw_gid} if owner else {}
    if owner:
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    port = _free_port()
    try:
        subprocess.run([os.path.join(binaries, "initdb"), "-D", data, "-U", "postgres", "-A", "trust",
                        "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True, **as_owner)
        options = f"-p {port} -k {folder} " + " ".join(f"-c {setting}" for setting in SETTINGS)
        subprocess.run([os.path.join(binaries, "pg_ctl"), "-D", data, "-l", log, "-o", options, "-w", "start"],
                       check=True, capture_output=True, **as_owner)
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        if os.path.exists(os.path.join(data, "postmaster.pid")):
            subprocess.run([os.path.join(binaries, "pg_ctl"), "-D", data, "-m", "immediate", "stop"],
                           capture_output=True, **as_owner)
        shutil.rmtree(folder, ignore_errors=True)


def main(command):
    if os.environ.get("OL_TEST_POSTGRESQL"):
        return subprocess.call(command)
    if programs() is None:
        print("PostgreSQL: not installed (apt-get install postgresql), so the suite ran on SQLite only")
        return 1 if os.environ.get("CI") else 0
    with cluster() as url:
        print(f"PostgreSQL: a throw-away server at {url}", flush=True)
        return subprocess.call(command, env={**os.environ, "OL_TEST_POSTGRESQL": url})


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
