"""The last requests and their answers, for debugging a frontend: kept in the world's database
(`request_log`), so that every worker, and every server on that database, lists the same ones.
Each is written once its answer is made, in a transaction of its own: a request that failed, and
rolled its own work back, is logged too.

A SQLite world keeps the same table in a file of its own in the world's folder (which every server
on that database file shares): a write per request to the data's file would wait for its write lock
and tell every worker's cache (app/cache.py) that the data changed."""
import json
import os
import sqlite3
import threading
import time
from collections import OrderedDict
from functools import lru_cache
from datetime import datetime, timezone
from fnmatch import fnmatchcase
from urllib.parse import parse_qsl, urlencode

from flask import current_app, g, request
from sqlalchemy import create_engine, delete, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.schema import CreateTable
from werkzeug.exceptions import HTTPException

from openloyalty_standin.app import worlds
from openloyalty_standin.app.engines.sqlite import ThreadConnections
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import RequestLogEntry

FILE = "requests.db"  # a SQLite world's log, in its folder
SKIPPED = ("/_dev/requests", "/_dev/assets", "/api/doc/assets")
CONSOLE = "/_dev/"  # the page itself; its buttons' calls are logged
BODY_LIMIT = 4096
TRIM_EVERY = 50
LOG = RequestLogEntry.__table__
INSERT = insert(LOG)
COLUMNS = ("id", "at", "method", "path", "query", "caller", "status", "duration_ms", "request_type", "request_body",
           "response_type", "response_body")


class _Files:
    """The engines of SQLite worlds' log files, the `kept` most recently used ones open (a test run
    makes an app, and a world, per test)."""

    def __init__(self, kept=4):
        self.kept, self._engines, self._lock = kept, OrderedDict(), threading.Lock()

    def __len__(self):
        return len(self._engines)

    def engine(self, path, generation):
        with self._lock:
            engine = self._engines.pop((path, generation), None) or self._open(path)
            self._engines[(path, generation)] = engine
            while len(self._engines) > self.kept:
                self._engines.popitem(last=False)[1].dispose()
        return engine

    @staticmethod
    def _open(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 5})
        with engine.begin() as connection:
            connection.execute(CreateTable(LOG, if_not_exists=True))
        return engine


_files = _Files()


def _engine():
    """The engine of the current world's log: its database's, or its log file's on SQLite."""
    world = worlds.current()
    if world.engine.dialect.name != "sqlite":
        return world.engine
    return _files.engine(os.path.join(world.folder, FILE), world.generation)


def _text(data):
    return data[:BODY_LIMIT].decode("utf-8", "replace") if data else None


def _request_body():
    """The body as far as it may be read: never more than the app itself would read."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit and (request.content_length or 0) > limit:
        return "(over the size limit)"
    if request.mimetype == "multipart/form-data":
        return "(multipart form)"
    try:
        return _text(_without_passwords(request.get_data(cache=True)))
    except HTTPException:  # too large once read, or the client went away
        return "(not read)"


def _hidden(key):
    return "password" in key.lower()


def _redacted(node):
    if isinstance(node, dict):
        return {key: "***" if _hidden(key) else _redacted(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_redacted(item) for item in node]
    return node


def _without_passwords(data):
    """The body with every password field's value replaced by ***, in JSON and in form bodies."""
    if not data or b"assword" not in data:
        return data
    text = data.decode("utf-8", "replace")
    if request.mimetype == "application/x-www-form-urlencoded":
        pairs = parse_qsl(text, keep_blank_values=True)
        return urlencode([(key, "***" if _hidden(key) else value) for key, value in pairs]).encode()
    try:
        return json.dumps(_redacted(json.loads(text))).encode()
    except (ValueError, RecursionError):
        return b"(a body with a password, not shown)"


def caller():
    """Who the request says is calling, as the log shows it."""
    principal = g.get("principal")
    if principal is not None:
        return f"{principal.kind} {principal.id}"
    if request.headers.get("X-AUTH-TOKEN") or request.args.get("auth_token"):
        return "api key"
    return "bearer (not checked)" if request.headers.get("Authorization") else None


def _storable(value):
    """Text every database stores: PostgreSQL's text holds no NUL character."""
    return value.replace("\x00", "\ufffd") if isinstance(value, str) else value


def start():
    """Before a request: note when it began."""
    g.request_started = time.perf_counter()


def record(response):
    """After a request: keep it and its answer, and let the oldest go."""
    size = current_app.config["REQUEST_LOG_SIZE"]
    if size <= 0 or request.path.startswith(SKIPPED) or request.path == CONSOLE or "world" not in g:
        return response  # "world" is missing when the sandbox named could not be made
    answer = None if response.direct_passthrough or response.is_streamed else response.get_data()
    row = entry(
        method=request.method, path=request.path, query=request.query_string, caller=caller(),
        status=response.status_code, started=g.get("request_started"), request_type=request.content_type,
        request_body=_request_body(), response_type=response.content_type, response_body=answer,
    )
    world = worlds.current()
    if world.engine.dialect.name != "sqlite":
        # The answer is made: what the request did not commit is dropped now rather than at its end,
        # so that its transaction holds no lock (and no pooled connection) the log's own would wait for.
        db.session.rollback()
    write(world, row, size, current_app.logger)
    return response


def entry(*, method, path, query, caller, status, started, request_type, request_body, response_type,
          response_body):
    """The log's row of one request: `query` as bytes, `started` from time.perf_counter() (or
    None), `request_body` as text and `response_body` as bytes (or None)."""
    duration = 0.0 if started is None else round((time.perf_counter() - started) * 1000, 2)
    values = (
        datetime.now(timezone.utc).isoformat(timespec="milliseconds"), method, path,
        query.decode("utf-8", "replace") or None, caller, status, duration, request_type, request_body,
        response_type, _text(response_body),
    )
    return {key: _storable(value) for key, value in zip(COLUMNS[1:], values)}


def write(world, row, size, logger):
    """Add `row` to the world's log (its file on SQLite), keeping the newest `size`."""
    try:
        if world.engine.dialect.name == "sqlite":
            _append_to_file(world, row, size)
        else:
            _append(world.engine, row, size)
    except (SQLAlchemyError, sqlite3.Error):
        logger.warning("The request log could not be written.", exc_info=True)


def _append(engine, row, size):
    with engine.begin() as connection:
        number = connection.execute(INSERT, row).inserted_primary_key[0]
        if number % TRIM_EVERY == 0:
            connection.execute(delete(LOG).where(LOG.c.id <= number - size))


def _open_writer(key):
    """A plain connection writing one world's log file: a row per request, each its own transaction
    (WAL, not synced at each commit: a log for debugging, not the world's data)."""
    _files.engine(*key)  # makes the file and its table
    connection = sqlite3.connect(key[0], timeout=5, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA synchronous=NORMAL")
    return connection


_writers = ThreadConnections(_open_writer)
_QUOTED = ", ".join('"' + name + '"' for name in COLUMNS[1:])
_INSERT_ROW = f"INSERT INTO {LOG.name} ({_QUOTED}) VALUES ({', '.join('?' * (len(COLUMNS) - 1))})"
_TRIM = f"DELETE FROM {LOG.name} WHERE id <= ?"


@lru_cache(maxsize=64)
def _file_of(folder):
    return os.path.join(folder, FILE)


def _append_to_file(world, row, size):
    connection = _writers.get((_file_of(world.folder), world.generation))
    number = connection.execute(_INSERT_ROW, [row[column] for column in COLUMNS[1:]]).lastrowid
    if number % TRIM_EVERY == 0:
        connection.execute(_TRIM, (number - size,))


def _like(pattern):
    """A LIKE pattern that matches at least the paths the glob `pattern` matches (every
    database's LIKE), or None when it has a [...] class, which LIKE cannot say."""
    if "[" in pattern:
        return None
    escaped = pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped.replace("*", "%").replace("?", "_")


def listing(*, limit=50, path=None, method=None):
    """The newest requests first (at most REQUEST_LOG_SIZE), optionally of a path pattern (as faults
    match paths: *, ?, [...]) or a method."""
    limit = max(min(limit, current_app.config["REQUEST_LOG_SIZE"]), 0)
    query = select(LOG).order_by(LOG.c.id.desc())
    if method:
        query = query.where(LOG.c.method == method.upper())
    if path and _like(path) is not None:
        query = query.where(LOG.c.path.like(_like(path), escape="\\"))  # narrows; fnmatchcase decides
    if not path:
        query = query.limit(limit)
    found = []
    with _engine().connect() as connection:
        for row in connection.execute(query):
            if len(found) == limit:
                break
            if not path or fnmatchcase(row.path, path):
                found.append(dict(row._mapping))
    return {"requests": found}


def clear():
    """Forget the logged requests."""
    with _engine().begin() as connection:
        connection.execute(delete(LOG))
