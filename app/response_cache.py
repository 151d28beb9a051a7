"""Answers of the GETs that only read the world's database, kept per worker until it changes.

A view marked `@kept` (customer details, the customer lists, a customer's status) answers the
same bytes to the same request as long as nothing in the world's database changed: the values
app/cache.py keeps, told stale by SQLite's `data_version`, hold these answers too. A request is
the same when its URL (host, prefix, path, query), language and credentials are; the credentials
are keyed as sent, so a token's signature, roles and account were checked when the answer was
made, and nothing that decides them has changed since. What may change without a write, the
token's expiry, is checked again before an answer is served.

An answer is kept only when it is a 200 of at most LARGEST bytes, when its view did not read a
running clock (a list filtered by days since the last transaction does; under a frozen clock it
may be kept), and when the request's session had not read before the version was asked (as for
every value kept, see app/cache.py). On PostgreSQL nothing is kept.

`KeptAnswers` serves them in front of the app, before the request context is made: a GET with no
body, to a world this process has open, with no fault set in it, whose answer is kept. It logs
the request as the app would, and passes every other request to the app.
"""
import time
from dataclasses import dataclass

from flask import current_app, g, request

from openloyalty_standin.app import cache, clock, world_settings, worlds
from openloyalty_standin.app.services import request_log

KEYED = ("wsgi.url_scheme", "HTTP_HOST", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "HTTP_ACCEPT_LANGUAGE",
         "HTTP_AUTHORIZATION", "HTTP_X_AUTH_TOKEN")
LARGEST = 32 * 1024  # bytes: a page of a thousand customers is made again rather than kept
BUDGET = 8 * 1024 * 1024  # bytes of answers kept per world and thread; past it they all go
_SIZE = ("answer bytes",)


@dataclass(frozen=True)
class Answer:
    """A kept answer, with who asked (for the request log) and when the token expires (or None)."""

    headers: list
    body: bytes
    content_type: str
    caller: str | None
    expires: int | None

    def fresh(self, settings, config):
        """Whether the answer may still be served: the token has not expired on the world's clock."""
        return self.expires is None or clock.moment_of(settings["clock"], config).timestamp() < self.expires


def kept(view):
    """Mark a GET view whose answer depends on the database, the request and the clock only."""
    view.kept_answer = True
    return view


def _key(environ):
    return ("answer", *(environ.get(name) for name in KEYED))


def prepare():
    """Before a marked GET's view: note, for keep(), where its answer would be kept."""
    if request.method != "GET" or not getattr(current_app.view_functions.get(request.endpoint), "kept_answer", False):
        return
    values = cache.request_values()
    if values is not None:
        g.answer_key, g.answer_values = _key(request.environ), values
        clock.track_reads()


def keep(response):
    """After a marked GET: keep its answer, when it may be served again."""
    key = g.pop("answer_key", None)
    if key is None or clock.running_clock_read() or response.status_code != 200:
        return response
    if response.direct_passthrough or response.is_streamed or (response.content_length or 0) > LARGEST:
        return response
    body = response.get_data()
    values = g.answer_values
    size = values.get(_SIZE, 0) + len(body)
    if size > BUDGET:
        values.clear()
        size = len(body)
    cache.keep(values, _SIZE, size)
    cache.keep(values, key, Answer(
        list(response.headers.items()), body, response.content_type, request_log.caller(), g.get("token_expires"),
    ))
    return response


class KeptAnswers:
    """WSGI middleware serving kept answers without the app (see the module's docstring)."""

    def __init__(self, wsgi_app, app):
        self.wsgi_app, self.app = wsgi_app, app

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        found = self._find(environ) if environ.get("REQUEST_METHOD") == "GET" else None
        if found is None:
            return self.wsgi_app(environ, start_response)
        world, answer = found
        start_response("200 OK", list(answer.headers))
        self._log(environ, world, answer, started)
        return [answer.body]

    def _find(self, environ):
        if environ.get("CONTENT_LENGTH") not in (None, "", "0") or "HTTP_TRANSFER_ENCODING" in environ:
            return None  # a GET with a body: the app reads (and logs) it
        world = worlds.worlds(self.app).opened(environ.get(worlds.ENVIRON_KEY, worlds.DEFAULT))
        values = None if world is None else cache.values_of(world.engine)
        settings = None if values is None else values.get(world_settings.KEPT)
        if settings is None or settings["faults"]:
            return None
        answer = values.get(_key(environ))
        return (world, answer) if answer is not None and answer.fresh(settings, self.app.config) else None

    def _log(self, environ, world, answer, started):
        size = self.app.config["REQUEST_LOG_SIZE"]
        if size <= 0 or not self.app.config["DEV_ENDPOINTS"]:
            return
        row = request_log.entry(
            method="GET", path=environ["PATH_INFO"].encode("latin-1").decode("utf-8", "replace"),
            query=environ.get("QUERY_STRING", "").encode("latin-1"), caller=answer.caller, status=200,
            started=started, request_type=environ.get("CONTENT_TYPE") or None, request_body=None,
            response_type=answer.content_type, response_body=answer.body,
        )
        request_log.write(world, row, size, self.app.logger)
