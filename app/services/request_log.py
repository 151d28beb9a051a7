"""The last requests and their answers, for debugging a frontend: kept in a small SQLite file of
its own in the world's folder, so every worker writes to it without touching the data's lock."""
import json
import os
import sqlite3
import time
from datetime import datetime, timezone
from urllib.parse import parse_qsl, urlencode

from flask import current_app, g, request
from werkzeug.exceptions import HTTPException

from openloyalty_standin.app import worlds
from openloyalty_standin.app.sqlite import ThreadConnections

FILE = "requests.db"
SKIPPED = ("/_dev/requests", "/_dev/assets", "/api/doc/assets")
CONSOLE = "/_dev/"  # the page itself; its buttons' calls are logged
BODY_LIMIT = 4096
TRIM_EVERY = 50
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS requests (id INTEGER PRIMARY KEY, at TEXT, method TEXT, path TEXT, query TEXT, "
    "caller TEXT, status INTEGER, duration_ms REAL, request_type TEXT, request_body TEXT, response_type TEXT, "
    "response_body TEXT)"
)
COLUMNS = ("id", "at", "method", "path", "query", "caller", "status", "duration_ms", "request_type", "request_body",
           "response_type", "response_body")


def _open(key):
    path, _generation = key
    os.makedirs(os.path.dirname(path), exist_ok=True)
    connection = sqlite3.connect(path, timeout=5, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")  # a debugging aid: losing the last lines to a crash is fine
    connection.execute(SCHEMA)
    return connection


_connections = ThreadConnections(_open)


def _connection():
    """This thread's connection to the current world's log file (a sandbox made again has another)."""
    world = worlds.current()
    return _connections.get((os.path.join(world.folder, FILE), world.generation))


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


def _caller():
    principal = g.get("principal")
    if principal is not None:
        return f"{principal.kind} {principal.id}"
    if request.headers.get("X-AUTH-TOKEN") or request.args.get("auth_token"):
        return "api key"
    return "bearer (not checked)" if request.headers.get("Authorization") else None


def start():
    """Before a request: note when it began."""
    g.request_started = time.perf_counter()


def record(response):
    """After a request: keep it and its answer, and let the oldest go."""
    size = current_app.config["REQUEST_LOG_SIZE"]
    if size <= 0 or request.path.startswith(SKIPPED) or request.path == CONSOLE or "world" not in g:
        return response  # "world" is missing when the sandbox named could not be made
    started = g.get("request_started", time.perf_counter())
    answer = None if response.direct_passthrough or response.is_streamed else response.get_data()
    row = (
        datetime.now(timezone.utc).isoformat(timespec="milliseconds"), request.method, request.path,
        request.query_string.decode("utf-8", "replace") or None, _caller(), response.status_code,
        round((time.perf_counter() - started) * 1000, 2), request.content_type,
        _request_body(),
        response.content_type, _text(answer),
    )
    try:
        connection = _connection()
        cursor = connection.execute(f"INSERT INTO requests ({', '.join(COLUMNS[1:])}) VALUES "
                                    f"({', '.join('?' for _ in COLUMNS[1:])})", row)
        if cursor.lastrowid % TRIM_EVERY == 0:
            connection.execute("DELETE FROM requests WHERE id <= ?", (cursor.lastrowid - size,))
    except sqlite3.Error:
        current_app.logger.warning("The request log could not be written.", exc_info=True)
    return response


def listing(*, limit=50, path=None, method=None):
    """The newest requests first (at most REQUEST_LOG_SIZE), optionally of a path pattern or a method."""
    limit = min(limit, current_app.config["REQUEST_LOG_SIZE"])
    query, parameters = f"SELECT {', '.join(COLUMNS)} FROM requests", []
    conditions = []
    if path:
        conditions.append("path GLOB ?")
        parameters.append(path)
    if method:
        conditions.append("method = ?")
        parameters.append(method.upper())
    if conditions:
        query += " WHERE " + " AND ".join(conditions)
    rows = _connection().execute(query + " ORDER BY id DESC LIMIT ?", (*parameters, max(limit, 0))).fetchall()
    return {"requests": [dict(zip(COLUMNS, row)) for row in rows]}


def clear():
    """Forget the logged requests."""
    _connection().execute("DELETE FROM requests")
