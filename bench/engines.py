"""The database engines a benchmark measures the stand-in on: SQLite (a file in the server's instance
folder, the default) and PostgreSQL (a fresh database on a server, named to the app by DATABASE_URL).

The PostgreSQL server is OL_TEST_POSTGRESQL when it is set (a URL of a database to connect to for
CREATE DATABASE, as the test suite takes it), otherwise a throw-away one that
`openloyalty_standin.app.testing.postgresql.cluster()` starts for the run and removes after it
(Debian's postgresql must be installed). Every database a benchmark makes is dropped afterwards.
"""
import argparse
import os
import secrets
from contextlib import ExitStack, contextmanager
from pathlib import Path

from bench.servers import BenchError

ENGINES = ("sqlite", "postgresql")
SERVER_VARIABLE = "OL_TEST_POSTGRESQL"
SQLITE_FILES = ("openloyalty.db", "openloyalty.db-wal")
SETTINGS = ("shared_buffers", "work_mem", "effective_cache_size", "fsync", "synchronous_commit", "jit")


def _programs():
    from openloyalty_standin.app.testing.postgresql import programs

    return programs()


def postgresql_unavailable():
    """Why no PostgreSQL server can be had for a benchmark, or None when one can."""
    if os.environ.get(SERVER_VARIABLE) or _programs():
        return None
    return (f"PostgreSQL: not measured: {SERVER_VARIABLE} is not set and PostgreSQL's programs are not installed "
            "(apt-get install postgresql), so the figures are SQLite's only")


def engine_list(text):
    """The argparse type of an engines option: comma-separated names; `both` names every engine."""
    names = list(ENGINES) if text.strip() == "both" else [part.strip() for part in text.split(",") if part.strip()]
    unknown = sorted(set(names) - set(ENGINES))
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"choose from {', '.join(ENGINES)} or both; got {text!r}")
    return [engine for engine in ENGINES if engine in names]


def default_engines():
    """Every engine when a PostgreSQL server can be had, else SQLite alone; and the note that says so."""
    reason = postgresql_unavailable()
    return (["sqlite"], reason) if reason else (list(ENGINES), None)


@contextmanager
def postgresql_server(log=print):
    """The URL of a PostgreSQL server to make databases on: OL_TEST_POSTGRESQL, or a throw-away
    server started here and removed on exit; BenchError when there is neither."""
    url = os.environ.get(SERVER_VARIABLE)
    if url:
        log(f"  PostgreSQL: the server {SERVER_VARIABLE} names")
        yield url
        return
    reason = postgresql_unavailable()
    if reason:
        raise BenchError(reason)
    from openloyalty_standin.app.testing.postgresql import cluster

    log("  PostgreSQL: starting a throw-away server")
    with cluster() as url:
        yield url


@contextmanager
def servers(engines, log=print):
    """For each engine that can be measured, the server its databases are made on (None for
    SQLite); and notes for the engines that cannot."""
    with ExitStack() as stack:
        found, notes = {}, []
        for engine in engines:
            if engine == "sqlite":
                found[engine] = None
                continue
            try:
                found[engine] = stack.enter_context(postgresql_server(log))
            except (BenchError, OSError) as error:
                notes.append(str(error))
            except Exception as error:  # initdb or pg_ctl failed: the other engines are still measured
                notes.append(f"PostgreSQL: the throw-away server did not start: {type(error).__name__}: {error}")
        yield found, notes


def _connect(url):
    import psycopg

    return psycopg.connect(url, autocommit=True, connect_timeout=10)


class Database:
    """Where one server under test keeps its data: `env` is what its environment adds (DATABASE_URL for
    PostgreSQL), `bytes()` its size on disk, `describe()` the server."""

    def __init__(self, engine, instance, server=None):
        self.engine, self.instance, self.server = engine, Path(instance), server
        self.url = None
        self.name = None

    @property
    def env(self):
        return {"DATABASE_URL": self.url} if self.url else {}

    def __enter__(self):
        if self.engine == "postgresql":
            from sqlalchemy.engine import make_url

            self.name = f"ol_bench_{os.getpid()}_{secrets.token_hex(4)}"
            with _connect(self.server) as connection:
                connection.execute(f'CREATE DATABASE "{self.name}"')
            self.url = make_url(self.server).set(database=self.name).render_as_string(hide_password=False)
        return self

    def __exit__(self, *exc_info):
        if self.name:
            with _connect(self.server) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self.name = self.url = None

    def bytes(self):
        """The size of the database: the file plus its write-ahead log, or pg_database_size."""
        if self.url:
            with _connect(self.url) as connection:
                return connection.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        return sum((self.instance / name).stat().st_size for name in SQLITE_FILES if (self.instance / name).exists())

    def describe(self):
        """The server's version and the settings that bear on the figures (SQLite's library version)."""
        if not self.url:
            import sqlite3

            return {"engine": "sqlite", "version": sqlite3.sqlite_version}
        with _connect(self.url) as connection:
            version = connection.execute("SHOW server_version").fetchone()[0]
            settings = dict(connection.execute("SELECT name, current_setting(name) FROM pg_settings "
                                               "WHERE name = ANY(%s)", [list(SETTINGS)]).fetchall())
        return {"engine": "postgresql", "version": version, "server": _server_name(self.server), "settings": settings}


def _server_name(url):
    """The server as OL_TEST_POSTGRESQL or the throw-away server names it, without a password."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
