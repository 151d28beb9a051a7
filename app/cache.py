"""Values that most requests read and few change (a store, whether an account may still log in),
kept per process until the database changes.

SQLite's `PRAGMA data_version` gives another number once any other connection has committed:
another worker, or this worker's own connection pool. A connection kept only for asking it, one
per thread and engine, answers in about a microsecond. A request asks once, before its session
has read anything, and the values it loads are kept under that answer. The next request that
gets another answer starts with nothing kept. A request whose session had already read before
it asked keeps nothing, since those reads may be older than the answer.
"""
import sqlite3

from flask import g, has_request_context

from openloyalty_standin.app import worlds
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.engines.sqlite import ThreadConnections, database_file

MAX_VALUES = 1024  # unknown store codes are remembered too; a client trying many must not grow the memory


class _Memory:
    """The values kept for one engine in one thread, and the connection that tells when they are
    stale; none for a database that is not a SQLite file."""

    def __init__(self, engine):
        path = database_file(engine)
        self._connection = None if path is None else sqlite3.connect(
            path, isolation_level=None, check_same_thread=False)
        self._version, self._values = None, {}

    def close(self):
        if self._connection is not None:
            self._connection.close()

    def current(self):
        """The values kept since the last change to the database (a new, empty dict after one)."""
        if self._connection is None:
            return None
        try:
            version = self._connection.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error:  # no database (any more): nothing is kept, and the reads say what is wrong
            self._version, self._values = None, {}
            return None
        if version != self._version:
            self._version, self._values = version, {}
        return self._values


_memories = ThreadConnections(_Memory)


def request_values():
    """The values kept for the current request's world while its database is unchanged, or None
    when nothing may be kept (outside a request, not a SQLite file, a session that has read)."""
    if not has_request_context():
        return None
    if "cached_values" not in g:
        g.cached_values = None if db.session().in_transaction() else values_of(worlds.current().engine)
    return g.cached_values


def values_of(engine):
    """The values kept for `engine`'s database in this thread while it is unchanged, or None for
    a database that is not a SQLite file."""
    return _memories.get(engine).current()


def remembered(key, load):
    """What `load()` returns, kept under `key` until the database changes; outside a request,
    or for a database that is not a SQLite file, `load()` every time."""
    values = request_values()
    if values is None:
        return load()
    if key not in values:
        keep(values, key, load())
    return values[key]


def keep(values, key, value):
    """Keep `value` under `key` among `values` (from request_values()), within MAX_VALUES."""
    if len(values) >= MAX_VALUES:
        values.clear()
    values[key] = value
