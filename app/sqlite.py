"""Everything SQLite-specific: the file's pragmas, write transactions that take the lock
up front, plain connections kept per thread, and the folder beside a database file."""
import os
import threading
from collections import OrderedDict
from contextlib import contextmanager

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.schema import CreateIndex, DropIndex

READ_METHODS = {"GET", "HEAD", "OPTIONS"}


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value


@event.listens_for(Engine, "connect")
def _on_connect(dbapi_connection, record):
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    # SQLAlchemy, not the driver, begins transactions (see _on_begin).
    dbapi_connection.isolation_level = None
    # SQLite's lower() folds ASCII only; Open Loyalty's search folds every letter (Ś, Ż, ...).
    dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA temp_store=MEMORY")  # sorts and temporary indexes (index builds too) in memory
    cursor.close()


@event.listens_for(Engine, "begin")
def _on_begin(connection):
    if connection.dialect.name != "sqlite":
        return
    # A write request takes the write lock when it begins, so two writers never
    # deadlock upgrading read locks; readers begin deferred and never wait.
    writing = not has_request_context() or request.method not in READ_METHODS
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


class ThreadConnections:
    """Plain sqlite3 connections of the current thread, one per key, opened on first use by
    `open(key)`; beyond `kept` the least recently used is closed (a test run makes an app, and
    an instance folder, per test)."""

    def __init__(self, open, kept=4):
        self._open, self.kept, self._local = open, kept, threading.local()

    def __len__(self):
        return len(self._local.__dict__.get("connections", ()))

    def get(self, key):
        connections = self._local.__dict__.setdefault("connections", OrderedDict())
        connection = connections.get(key)
        if connection is None:
            if len(connections) >= self.kept:
                connections.popitem(last=False)[1].close()
            connection = connections[key] = self._open(key)
        else:
            connections.move_to_end(key)
        return connection


def files_folder(database_path):
    """The folder beside the database file `name.db` where its world keeps what is not rows
    (snapshots, the request log, avatars, the clock, faults, keys, sandboxes): `name.world`, so
    that two servers on two database files share nothing, whatever their instance folders."""
    return os.path.splitext(database_path)[0] + ".world"


def database_file(engine):
    """The path of the engine's SQLite database file, or None for another database or one in memory."""
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    return None if not path or path == ":memory:" or path.startswith("file:") else path


@contextmanager
def bulk_load(connection):
    """Load many customers at once: the sort indexes and the triggers are dropped for the load
    and made again after it, the search index and the counts rebuilt once, statistics refreshed."""
    from openloyalty_standin.app.models import SORT_INDEX_PREFIX, SQLITE_DDL, Customer

    indexes = [index for index in Customer.__table__.indexes if index.name.startswith(SORT_INDEX_PREFIX)]
    triggers = [ddl for ddl in SQLITE_DDL if ddl.startswith("CREATE TRIGGER")]
    for index in indexes:
        connection.execute(DropIndex(index))
    for ddl in triggers:
        connection.exec_driver_sql(f"DROP TRIGGER {ddl.split()[2]}")
    yield
    for index in indexes:
        connection.execute(CreateIndex(index))
    connection.exec_driver_sql("INSERT INTO customer_search(customer_search) VALUES ('rebuild')")
    connection.exec_driver_sql("DELETE FROM customer_counts")
    connection.exec_driver_sql(
        "INSERT INTO customer_counts(store_code, total) SELECT store_code, count(*) FROM customers GROUP BY store_code"
    )
    for ddl in triggers:
        connection.exec_driver_sql(ddl)
    connection.exec_driver_sql("PRAGMA analysis_limit=1000")
    connection.exec_driver_sql("ANALYZE")
