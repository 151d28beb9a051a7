"""Everything SQLite-specific: which URLs name a database file, the file's pragmas, write
transactions that take the lock up front, substring search on the FTS5 trigram index, plain
connections kept per thread, and the folder beside a database file."""
import os
import sqlite3
import threading
from collections import OrderedDict
from contextlib import contextmanager

from flask import has_request_context, request
from sqlalchemy import and_, event, func, literal_column, or_, select
from sqlalchemy.dialects.sqlite import insert  # noqa: F401 (an INSERT that takes ON CONFLICT)
from sqlalchemy.engine import Engine
from sqlalchemy.schema import CreateIndex, DropIndex
from sqlalchemy.sql import column as sql_column
from sqlalchemy.sql import table as sql_table

from openloyalty_standin.app.config import project_root
from openloyalty_standin.app.engines.folding import fold

READ_METHODS = {"GET", "HEAD", "OPTIONS"}
DRIVERS = ("sqlite", "sqlite+pysqlite")


def resolve(url):
    """The URL of a database file, its relative path read from the project folder (whose folder
    is made); ValueError for one the server's workers could not share."""
    if url.drivername not in DRIVERS:
        raise ValueError(f"{url.drivername} databases are not supported")
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise ValueError("a database in memory is not shared by the server's workers and requests")
    path = url.database if os.path.isabs(url.database) else str(project_root() / url.database)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return url.set(database=path)


def engine_options(app, options):
    """A busy timeout: a writer waits for another's lock that long before the request is a 503."""
    options.setdefault("connect_args", {})["timeout"] = app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000
    return options


def is_busy(error):
    """Tell whether a driver error means another connection held the lock too long."""
    text = str(error)
    return "locked" in text or "busy" in text


def warnings(_connection):
    """What makes this database answer otherwise than the stand-in means to: nothing, on SQLite."""
    return []


def is_missing_table(error):
    return "no such table" in str(error)


def is_gone(error):
    """Tell whether a driver error may mean the database file read was deleted meanwhile (SQLite
    says so in several ways: no such table, unable to open, disk I/O)."""
    return isinstance(error, sqlite3.OperationalError)


def _unicode_lower(value):
    return fold(value) if isinstance(value, str) else value


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


# --- substring search -------------------------------------------------------------------------

LOWERED_TO_ASCII = {"i": "\u0130", "k": "\u212a"}  # ASCII letters fold() also makes of İ and the Kelvin sign
ROW_KEY = literal_column("customers.rowid")  # a page is found as rowids, then only its rows are read
_SEARCH = sql_table("customer_search", sql_column("rowid"))
TRIGRAM = 3


def contains(column, pattern, value):
    """`column` holds `value`, case folded by fold(): `pattern` is the escaped LIKE pattern of the
    value folded. SQLite's lower() is fold() here (see _on_connect)."""
    folded = func.lower(column).like(pattern, escape="\\")
    if not value.isascii():
        return folded
    # SQLite's own LIKE folds ASCII letters in C, which is all an ASCII value needs: fold() turns
    # only two characters beyond ASCII into ASCII letters, İ (into "i") and the Kelvin sign (into
    # "k"). Only a value holding those letters must look for them.
    plain = column.like(pattern, escape="\\")
    sources = [char for letter, char in LOWERED_TO_ASCII.items() if letter in fold(value)]
    if not sources:
        return plain
    return or_(plain, and_(or_(*(func.instr(column, char) > 0 for char in sources)), folded))


def narrowed(condition, columns, value):
    """`condition`, narrowed first to the rows whose `columns` hold `value` by the FTS5 trigram
    index (which folds case as the filters do); the condition still decides. Values shorter than a
    trigram cannot use it and are matched by the condition alone."""
    if len(value) < TRIGRAM:
        return condition
    phrase = "{" + " ".join(column.key for column in columns) + '} : "' + value.replace('"', '""') + '"'
    candidates = select(_SEARCH.c.rowid).where(literal_column("customer_search").op("MATCH")(phrase))
    return and_(ROW_KEY.in_(candidates), condition)


def ordered(column, ascending):
    """`column` in a list's order: SQLite's own order puts an empty value (NULL) first, ascending."""
    return [column.asc() if ascending else column.desc()]


def newest_first():
    """The order of the customers the last stored first."""
    return [ROW_KEY.desc()]


def files_folder(url, _instance_path=None):
    """The folder beside the database file `name.db` where its world keeps what is not rows
    (snapshots, the request log, sandboxes): `name.world`, so that two servers on two database
    files share nothing, whatever their instance folders."""
    return os.path.splitext(url.database)[0] + ".world"


def database_file(engine):
    """The path of the engine's SQLite database file, or None for another database or one in memory."""
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    return None if not path or path == ":memory:" or path.startswith("file:") else path


@contextmanager
def bulk_load(connection, tables):
    """Load many customers at once: the sort indexes and the search triggers are dropped for the
    load and made again after it, the search index rebuilt once, statistics refreshed."""
    from openloyalty_standin.app.models import SORT_INDEX_PREFIX, SQLITE_DDL, Customer

    cursor = connection.connection.driver_connection.cursor()
    for pragma in ("cache_size=-262144", "threads=2"):  # room to load, and two threads to sort the indexes
        cursor.execute(f"PRAGMA {pragma}")
    indexes = [index for index in Customer.__table__.indexes if index.name.startswith(SORT_INDEX_PREFIX)]
    triggers = [ddl for ddl in SQLITE_DDL if ddl.startswith("CREATE TRIGGER")]
    for index in indexes:
        connection.execute(DropIndex(index))
    for ddl in triggers:
        connection.exec_driver_sql(f"DROP TRIGGER {ddl.split()[2]}")
    yield lambda table, columns, rows: _insert_many(cursor, table, columns, rows)
    for index in indexes:
        connection.execute(CreateIndex(index))
    connection.exec_driver_sql("INSERT INTO customer_search(customer_search) VALUES ('rebuild')")
    for ddl in triggers:
        connection.exec_driver_sql(ddl)
    connection.exec_driver_sql("PRAGMA analysis_limit=1000")
    connection.exec_driver_sql("ANALYZE")


def _insert_many(cursor, table, columns, rows):
    marks = ", ".join("?" for _ in columns)
    cursor.executemany(f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})", rows)


def worlds_store(app, home):
    """Where the sandboxes and snapshots of the app's worlds are kept (engines/sqlite_worlds.py)."""
    from openloyalty_standin.app.engines import sqlite_worlds

    return sqlite_worlds.Store(app, home)
